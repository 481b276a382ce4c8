package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.ChorusException;

/** fsck and gc. Both walk the object store itself, so they see what is durable, not what a cache believes. */
final class Maintenance {
    private final DefaultChunkStore store;

    Maintenance(DefaultChunkStore store) {
        this.store = store;
    }

    FsckReport fsck() {
        List<String> problems = new ArrayList<>();
        Map<XorbHash, XorbLayout> good = new HashMap<>();
        long stored = 0;
        List<ObjectStore.Info> xorbs = store.objects.list("xorbs/");
        Map<XorbHash, Long> sizes = new HashMap<>();
        for (ObjectStore.Info info : xorbs) {
            stored += info.size();
            try {
                XorbHash named = XorbHash.fromHex(DefaultChunkStore.hexOf(info.name()));
                sizes.put(named, info.size());
                XorbLayout actual;
                try (InputStream in = store.objects.openRange(info.name(), 0, info.size())) {
                    actual = XorbParser.parse(in, Long.MAX_VALUE, null, info.name());
                }
                if (!actual.hash.equals(named)) {
                    problems.add(info.name() + ": content hashes to " + actual.hash);
                    continue;
                }
                String index = DefaultChunkStore.indexName(named);
                if (!store.objects.exists(index)) {
                    // Written by an ingest that died before the index: nothing can reference it yet (counted below).
                    continue;
                } else if (!java.util.Arrays.equals(store.objects.get(index), actual.encode())) {
                    problems.add(index + ": does not match its xorb");
                    continue;
                }
                good.put(named, actual);
            } catch (ChorusException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add(info.name() + ": cannot be read: " + e.getMessage());
            }
        }
        List<ObjectStore.Info> files = store.objects.list("files/");
        for (ObjectStore.Info info : files) {
            stored += info.size();
            try {
                FileHash named = FileHash.fromHex(DefaultChunkStore.hexOf(info.name()));
                FileRecord r = store.record(named);
                MerkleBuilder merkle = new MerkleBuilder();
                for (Term t : r.terms()) {
                    sizes.remove(t.xorb());
                    XorbLayout l = good.get(t.xorb());
                    if (l == null) {
                        throw ChunkCodec.corrupt(info.name(), "references missing or damaged xorb " + t.xorb());
                    }
                    if (t.chunkEnd() > l.chunkCount() || l.rawBytes(t.chunkStart(), t.chunkEnd()) != t.rawBytes()) {
                        throw ChunkCodec.corrupt(info.name(), "term does not fit xorb " + t.xorb());
                    }
                    for (int c = t.chunkStart(); c < t.chunkEnd(); c++) {
                        merkle.add(l.chunk(c), l.rawSize(c));
                    }
                }
                if (!XetHashing.fileHash(r.size() == 0, merkle.root()).equals(named)) {
                    problems.add(info.name() + ": chunks do not hash to the file's name");
                }
            } catch (ChorusException e) {
                problems.add(e.getMessage());
            }
        }
        // What is left in sizes no file uses; damaged xorbs are problems, not leftovers.
        sizes.keySet().removeIf(h -> !good.containsKey(h) && store.objects.exists(DefaultChunkStore.indexName(h)));
        List<ObjectStore.Info> temporaries = store.objects.temporaries();
        return new FsckReport(files.size(), xorbs.size(), stored, new FsckReport.Leftovers(sizes.size(),
                sizes.values().stream().mapToLong(Long::longValue).sum(), temporaries.size(),
                temporaries.stream().mapToLong(ObjectStore.Info::size).sum()), problems);
    }

    GcReport gc(Duration grace) {
        Instant cutoff = Instant.now().minus(grace);
        Set<FileHash> live = new HashSet<>();
        for (RootSource source : store.roots) {
            source.forEachLiveFile(live::add);
        }
        int filesDeleted = 0;
        long freed = 0;
        Set<XorbHash> referenced = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<ObjectStore.Info> files = store.objects.list("files/");
        for (ObjectStore.Info info : files) {
            seen.add(info.name());
            FileHash h = FileHash.fromHex(DefaultChunkStore.hexOf(info.name()));
            if (!live.contains(h) && info.lastModified().isBefore(cutoff)) {
                store.objects.delete(info.name());
                filesDeleted++;
                freed += info.size();
            } else {
                referenceAll(h, referenced);
            }
        }
        // Files published by other processes while we listed are alive by definition.
        for (ObjectStore.Info info : store.objects.list("files/")) {
            if (seen.add(info.name())) {
                referenceAll(FileHash.fromHex(DefaultChunkStore.hexOf(info.name())), referenced);
            }
        }
        int xorbsDeleted = 0;
        int xorbsKept = 0;
        for (ObjectStore.Info info : store.objects.list("xorbs/")) {
            XorbHash h = XorbHash.fromHex(DefaultChunkStore.hexOf(info.name()));
            if (referenced.contains(h) || !info.lastModified().isBefore(cutoff) || recentlyTouched(h, cutoff)) {
                xorbsKept++;
                continue;
            }
            store.forget(h);
            store.objects.delete(DefaultChunkStore.indexName(h));
            store.objects.delete(info.name());
            store.objects.delete(DefaultChunkStore.touchName(h));
            xorbsDeleted++;
            freed += info.size();
        }
        // Aliases of client xorbs only serve the shard that follows its xorbs; old ones are done.
        for (ObjectStore.Info info : store.objects.list("xorb-alias/")) {
            if (info.lastModified().isBefore(cutoff)) {
                store.objects.delete(info.name());
                freed += info.size();
            }
        }
        int temporariesDeleted = 0;
        for (ObjectStore.Info info : store.objects.temporaries()) {
            if (info.lastModified().isBefore(cutoff)) {
                store.objects.deleteTemporary(info.name());
                temporariesDeleted++;
                freed += info.size();
            }
        }
        // Index entries and marks whose xorb is gone (a write interrupted before the xorb, or deleted above).
        for (String prefix : List.of("xorb-index/", "touch/")) {
            for (ObjectStore.Info info : store.objects.list(prefix)) {
                XorbHash h = XorbHash.fromHex(DefaultChunkStore.hexOf(info.name()));
                if (info.lastModified().isBefore(cutoff) && !store.objects.exists(DefaultChunkStore.xorbName(h))) {
                    store.objects.delete(info.name());
                }
            }
        }
        return new GcReport(filesDeleted, xorbsDeleted, temporariesDeleted, freed, seen.size() - filesDeleted, xorbsKept);
    }

    private boolean recentlyTouched(XorbHash h, Instant cutoff) {
        return store.objects.stat(DefaultChunkStore.touchName(h)).map(i -> !i.lastModified().isBefore(cutoff))
                .orElse(false);
    }

    private void referenceAll(FileHash h, Set<XorbHash> referenced) {
        try {
            for (Term t : store.record(h).terms()) {
                referenced.add(t.xorb());
            }
        } catch (ChorusException e) {
            // A damaged file record keeps nothing alive; fsck reports it.
        }
    }
}
