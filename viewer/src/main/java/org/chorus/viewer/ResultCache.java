package org.chorus.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.repos.Repo;

/**
 * Results per commit in SQL ({@code viewer_results}, V25), so a second node answers from the first one's work and a
 * restart recomputes nothing. Two nodes computing the same result at once both write it; the first row stays. Rows
 * go with their repository (a foreign key, V47): they hold a dataset's first rows.
 */
final class ResultCache {
    /** Part of every key: a change of a result's shape makes the old rows unused (and deleted with the next commit). */
    private static final String SHAPE_VERSION = "1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Clock clock;

    ResultCache(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    <T> T get(Repo repo, String commit, String kind, String config, String split, Class<T> type, Supplier<T> compute) {
        String key = key(repo.id(), commit, kind, config, split);
        Optional<String> cached = db.withHandle(h -> h.createQuery("SELECT body FROM viewer_results WHERE cache_key = :k")
                .bind("k", key).mapTo(String.class).findOne());
        try {
            if (cached.isPresent()) {
                return JSON.readValue(cached.get(), type);
            }
            T value = compute.get();
            String body = JSON.writeValueAsString(value);
            long now = clock.millis();
            try {
                store(repo.id(), commit, key, body, now);
            } catch (ChorusException e) {
                // the repository's foreign key: it was deleted while this computed (its rows went with it), so the
                // caller gets its answer and nothing outlives the repository
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("viewer result " + kind + " does not round-trip through JSON", e);
        }
    }

    private void store(String repoId, String commit, String key, String body, long now) {
        db.useTransaction(h -> {
            h.createUpdate("DELETE FROM viewer_results WHERE repo_id = :r AND commit_sha <> :c").bind("r", repoId).bind("c", commit).execute();
            h.createUpdate("INSERT INTO viewer_results (cache_key, repo_id, commit_sha, body, created_at) VALUES (:k, :r, :c, :b, :t) ON CONFLICT (cache_key) DO NOTHING")
                    .bind("k", key).bind("r", repoId).bind("c", commit).bind("b", body).bind("t", now).execute();
        });
    }

    private static String key(String repoId, String commit, String kind, String config, String split) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(String.join("\0", SHAPE_VERSION, repoId, commit, kind, config, split).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
