package org.chorus.discovery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.db.Database;
import org.chorus.semantic.Embedder;
import org.jdbi.v3.core.Handle;

/**
 * Card embeddings in SQL ({@code card_embeddings}, V22), keyed by the hash of the model's id and the embedded text:
 * every node and every rebuild takes a vector from here, so the model runs once per distinct card text, not once
 * per node or rebuild. A row is never updated (the same key always means the same vector).
 */
final class EmbeddingCache {
    private static final int LOOKUP_BATCH = 500;

    private EmbeddingCache() {}

    /** The cache key of an embedded text. */
    static String key(String embeddedText) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Embedder.MODEL_ID.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(embeddedText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The cached vectors of these rows' cards, by repository id (rows not cached are absent). An empty cache (a hub
     * that never searched by meaning) costs one query and no hashing.
     */
    static Map<String, float[]> forRows(Handle h, List<IndexRow> rows) {
        Map<String, float[]> out = new HashMap<>();
        if (rows.isEmpty() || h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM card_embeddings LIMIT 1) x").mapTo(Long.class).one() == 0) {
            return out;
        }
        Map<String, List<String>> idsByKey = new HashMap<>();
        rows.forEach(r -> idsByKey.computeIfAbsent(key(r.embeddedText()), k -> new ArrayList<>()).add(r.repo().id()));
        get(h, List.copyOf(idsByKey.keySet())).forEach((key, vector) -> idsByKey.get(key).forEach(id -> out.put(id, vector)));
        return out;
    }

    /** The cached vectors among these keys. */
    static Map<String, float[]> get(Handle h, List<String> keys) {
        Map<String, float[]> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += LOOKUP_BATCH) {
            h.createQuery("SELECT text_hash, vector FROM card_embeddings WHERE text_hash IN (<keys>)")
                    .bindList("keys", keys.subList(from, Math.min(keys.size(), from + LOOKUP_BATCH)))
                    .map((rs, ctx) -> Map.entry(rs.getString("text_hash"), decode(rs.getBytes("vector"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Stores vectors; a key another node stored meanwhile is kept as it is (the same text gives the same vector). */
    static void put(Database db, Map<String, float[]> vectors, long now) {
        if (vectors.isEmpty()) {
            return;
        }
        db.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO card_embeddings (text_hash, vector, created_at) VALUES (:k, :v, :t) ON CONFLICT (text_hash) DO NOTHING");
            vectors.forEach((k, v) -> batch.bind("k", k).bind("v", encode(v)).bind("t", now).add());
            batch.execute();
        });
    }

    /**
     * Deletes the vectors of texts no repository's card is now (deleted repositories, edited cards) stored before
     * {@code cutoff}; returns how many. A vector stored since is kept whatever it is for: another node may be putting
     * the card that uses it. A text that comes back later is embedded again.
     */
    static int forgetUnused(Database db, long cutoff) {
        Set<String> used = new HashSet<>();
        for (String after = ""; ; ) {
            String from = after;
            List<IndexRow> rows = db.withHandle(h -> IndexRow.after(h, from, LOOKUP_BATCH));
            rows.forEach(r -> used.add(key(r.embeddedText())));
            if (rows.size() < LOOKUP_BATCH) {
                break;
            }
            after = rows.getLast().repo().id();
        }
        List<String> unused = db.withHandle(h -> h.createQuery("SELECT text_hash FROM card_embeddings WHERE created_at < :c")
                .bind("c", cutoff).mapTo(String.class).list()).stream().filter(k -> !used.contains(k)).toList();
        int forgotten = 0;
        for (int from = 0; from < unused.size(); from += LOOKUP_BATCH) {
            List<String> batch = unused.subList(from, Math.min(unused.size(), from + LOOKUP_BATCH));
            forgotten += db.inTransaction(h -> h.createUpdate("DELETE FROM card_embeddings WHERE text_hash IN (<keys>) AND created_at < :c")
                    .bindList("keys", batch).bind("c", cutoff).execute());
        }
        return forgotten;
    }

    static byte[] encode(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(vector);
        return b.array();
    }

    static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
