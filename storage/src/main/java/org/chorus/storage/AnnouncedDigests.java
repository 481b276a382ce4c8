package org.chorus.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * SHA-256 states of files whose terms a client announces while it still chunks them, so a shard registering a file of
 * old and new xorbs (a second version, which {@link ArrivalDigests} does not cover) gets its SHA-256 (the git-lfs oid)
 * without reading the file back after its last xorb. The client names only which stored bytes come next; the states
 * are extended here over this store's own bytes of each term, after the checks a shard's terms get, and a state is
 * used only for a file whose terms are exactly the announced ones, in order: a wrong or lying announcement costs the
 * read-back, never a wrong oid. In memory, a few hundred at most, each forgotten after {@link #IDLE_MILLIS} unused
 * (another node, a restart: the read-back as before); keyed by the caller's scope and the client's name for the file,
 * so one caller cannot extend or use another's.
 */
final class AnnouncedDigests {
    static final int KEPT = 256;
    static final long IDLE_MILLIS = 10 * 60_000;

    /**
     * One file's announced terms so far: their count and size, a chained hash of them, and the bytes' SHA-256 state
     * (never updated once published: an extension publishes a new one).
     */
    private record State(int terms, long bytes, byte[] sequence, MessageDigest content) {}

    /** A file being announced: extended by one request at a time, read by a shard without waiting for one. */
    private static final class Announced {
        final String scope;
        volatile State state = new State(0, 0, new byte[32], Ingester.sha256());
        volatile long usedAt = System.currentTimeMillis();

        Announced(String scope) {
            this.scope = scope;
        }
    }

    private final Map<String, Announced> files = RecentlyUsed.map(KEPT);

    /**
     * Extends file {@code upload} of {@code scope} by {@code terms}, which must start at its term number {@code from}
     * (0 begins a file anew); {@code hash} adds a checked term's stored bytes to a digest. All or nothing: a bad term
     * or a failed read leaves the state as it was.
     */
    void extend(String scope, String upload, int from, List<Term> terms, long maxFileBytes, TermHasher hash) {
        String key = scope + "\n" + upload;
        Announced a;
        synchronized (files) {
            expire(System.currentTimeMillis());
            a = from == 0 ? new Announced(scope) : files.get(key);
            if (a == null) {
                throw new ChorusException(ErrorCode.CONFLICT, "no announced upload " + upload + " here (expired or another node): start again from term 0");
            }
        }
        synchronized (a) {
            State was = a.state;
            if (from != was.terms()) {
                throw new ChorusException(ErrorCode.CONFLICT, "upload " + upload + " has " + was.terms() + " terms announced, not " + from);
            }
            long bytes = was.bytes();
            for (Term t : terms) {
                bytes = CasOperations.addTermSize("announced upload " + upload, t, bytes, maxFileBytes);
            }
            MessageDigest content = Ingester.copy(was.content());
            byte[] sequence = was.sequence();
            for (int i = 0; i < terms.size(); i++) {
                hash.add(content, from + i, terms.get(i));
                sequence = chain(sequence, terms.get(i));
            }
            a.state = new State(was.terms() + terms.size(), bytes, sequence, content);
            a.usedAt = System.currentTimeMillis();
        }
        if (from == 0) {
            // Kept only once its first terms passed: a refused start leaves nothing behind.
            synchronized (files) {
                files.put(key, a);
            }
        }
    }

    /** Checks term number {@code index} as a shard's would be checked and adds its stored bytes to {@code content}. */
    interface TermHasher {
        void add(MessageDigest content, int index, Term term);
    }

    /**
     * The SHA-256 of a file of exactly {@code terms}, when {@code scope} announced such a file (then forgotten: a
     * shard uses it once); empty otherwise.
     */
    Optional<Sha256> take(String scope, List<Term> terms) {
        if (scope == null || terms.isEmpty()) {
            return Optional.empty();
        }
        byte[] sequence = new byte[32];
        for (Term t : terms) {
            sequence = chain(sequence, t);
        }
        synchronized (files) {
            for (Iterator<Announced> it = files.values().iterator(); it.hasNext(); ) {
                Announced a = it.next();
                State st = a.state;
                if (a.scope.equals(scope) && st.terms() == terms.size() && MessageDigest.isEqual(st.sequence(), sequence)) {
                    it.remove();
                    return Optional.of(Sha256.of(Ingester.copy(st.content()).digest()));
                }
            }
        }
        return Optional.empty();
    }

    private void expire(long now) {
        files.values().removeIf(a -> now - a.usedAt > IDLE_MILLIS);
    }

    /** H(previous ‖ xorb ‖ chunk range ‖ size): the terms so far, in order. */
    private static byte[] chain(byte[] previous, Term t) {
        MessageDigest seq = Ingester.sha256();
        seq.update(previous);
        seq.update(t.xorb().bytes());
        seq.update(ByteBuffer.allocate(16).putInt(t.chunkStart()).putInt(t.chunkEnd()).putLong(t.rawBytes()).flip());
        return seq.digest();
    }
}
