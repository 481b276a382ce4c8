package org.chorus.storage;

import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SHA-256 states of runs of xorbs, computed by this process over the bytes it verified as each xorb arrived, so a
 * shard registering a new file whose terms are exactly such a run gets the file's SHA-256 (the git-lfs oid) without
 * reading the file back. A client names the xorb it sent before ({@code previous}); that is only a hint choosing
 * which run to extend: a run is used only when its xorbs, in order and each whole, are the file's terms, so a wrong
 * hint costs the read-back, never a wrong oid. Runs are kept in memory, a few hundred at most; a shard that finds
 * none (another node, a restart, a file made of old and new xorbs) reads the file back as before.
 */
final class ArrivalDigests {
    private static final int RUNS_KEPT = 256;
    /** How long a xorb waits for its predecessor's bytes to be hashed (the client sends two at a time). */
    private static final long WAIT_SECONDS = 30;

    /**
     * The SHA-256 state after the raw bytes of a run's xorbs, and a SHA-256 over the run's xorb hashes in order
     * ({@code sequence}, chained: H(previous sequence ‖ xorb)), which a shard's terms are compared with.
     */
    record Run(byte[] sequence, MessageDigest content) {}

    private final Map<XorbHash, Run> runs = RecentlyUsed.map(RUNS_KEPT);
    /**
     * Xorbs being hashed now, or named as the previous one by a xorb that came first, for a xorb sent right after
     * one still arriving: the client sends three at a time, and on a busy server a later request can reach here
     * before an earlier one does.
     */
    private final Map<XorbHash, CompletableFuture<Run>> arriving = new ConcurrentHashMap<>();

    /** A xorb's hashing in progress: its bytes go into {@link #content}, and {@link #done} records the run. */
    final class Arrival {
        private final XorbHash xorb;
        private final byte[] previousSequence;
        private final MessageDigest content;
        private final CompletableFuture<Run> result;

        private Arrival(XorbHash xorb, byte[] previousSequence, MessageDigest content) {
            this.xorb = xorb;
            this.previousSequence = previousSequence;
            this.content = content;
            this.result = arriving.computeIfAbsent(xorb, k -> new CompletableFuture<>());
        }

        void update(byte[] raw, int off, int len) {
            content.update(raw, off, len);
        }

        /** The xorb's bytes were verified as {@link #xorb}: the run through it is recorded. */
        void done() {
            MessageDigest seq = Ingester.sha256();
            seq.update(previousSequence);
            seq.update(xorb.bytes());
            Run run = new Run(seq.digest(), content);
            synchronized (runs) {
                runs.put(xorb, run);
            }
            finish(run);
        }

        /** The xorb was refused (or the upload failed): nothing is recorded. */
        void abandon() {
            finish(null);
        }

        private void finish(Run run) {
            arriving.remove(xorb, result);
            result.complete(run);
        }
    }

    /**
     * Starts hashing xorb {@code claimed}'s bytes after those of the run ending in {@code previous} (null: a run
     * starts here); empty when that run is unknown here or not done within a bounded wait.
     */
    Optional<Arrival> start(XorbHash claimed, XorbHash previous) {
        byte[] previousSequence;
        MessageDigest content;
        if (previous == null) {
            previousSequence = new byte[32];
            content = Ingester.sha256();
        } else {
            Run before = completed(previous);
            if (before == null) {
                return Optional.empty();
            }
            previousSequence = before.sequence();
            content = Ingester.copy(before.content());
        }
        return Optional.of(new Arrival(claimed, previousSequence, content));
    }

    private Run completed(XorbHash xorb) {
        synchronized (runs) {
            Run r = runs.get(xorb);
            if (r != null) {
                return r;
            }
        }
        // Not arrived yet, or not even started: wait for it (a hint naming a xorb that never comes costs the wait).
        CompletableFuture<Run> pending = arriving.computeIfAbsent(xorb, k -> new CompletableFuture<>());
        try {
            return pending.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } finally {
            if (!pending.isDone()) {
                arriving.remove(xorb, pending);
            }
        }
    }

    /**
     * The SHA-256 of a file made of {@code xorbs}, each whole and in this order, when one run is exactly them;
     * empty otherwise.
     */
    Optional<Sha256> digest(List<XorbHash> xorbs) {
        if (xorbs.isEmpty()) {
            return Optional.empty();
        }
        Run run;
        synchronized (runs) {
            run = runs.get(xorbs.getLast());
        }
        if (run == null) {
            return Optional.empty();
        }
        byte[] sequence = new byte[32];
        for (XorbHash x : xorbs) {
            MessageDigest seq = Ingester.sha256();
            seq.update(sequence);
            seq.update(x.bytes());
            sequence = seq.digest();
        }
        if (!MessageDigest.isEqual(sequence, run.sequence())) {
            return Optional.empty();
        }
        return Optional.of(Sha256.of(Ingester.copy(run.content()).digest()));
    }
}
