package org.chorus.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Arena competitions over Chorus's HTTP API: submitting predictions and reading the public leaderboard. */
public final class CompetitionsClient {
    private static final String API = "/api/chorus/competitions/";

    /** A submission as the server shows it: {@code score} is the leaderboard's score for it (null until scored). */
    public record Submission(String id, String team, String status, Double score, boolean late, String message) {}

    public record Standing(int rank, String team, double score, int submissions) {}

    /** A scoring worker registered for a competition (its token is shown only when it is registered). */
    public record Worker(String name, String createdAt, String lastSeenAt) {}

    private final Http http;

    CompetitionsClient(Http http) {
        this.http = http;
    }

    /**
     * Uploads a CSV or Parquet file of predictions (the server tells them apart by their first bytes, whatever the
     * file's name); the server checks its format (a refusal names the line or row) and scores it.
     */
    public Submission submit(String competition, Path file, String message) {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ChorusClientException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String query = message == null ? "" : "?message=" + HubClient.enc(message);
        return submission((Map<?, ?>) Http.parse(http.call("POST", API + HubClient.enc(competition) + "/submissions" + query, contentType(body), body).body()));
    }

    /**
     * Submits a revision ({@code main} when null) of a model repository ({@code owner/name}) to a competition that takes
     * models: the server resolves it to a commit, and the competition's workers run it on the test inputs.
     */
    public Submission submitModel(String competition, String model, String revision, String message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", model);
        if (revision != null) {
            body.put("revision", revision);
        }
        if (message != null) {
            body.put("message", message);
        }
        return submission((Map<?, ?>) http.send("POST", API + HubClient.enc(competition) + "/submissions", body));
    }

    private static Submission submission(Map<?, ?> m) {
        return new Submission(Models.str(m, "id"), Models.str(m, "team"), Models.str(m, "status"),
                m.get("score") instanceof Number n ? n.doubleValue() : null, Boolean.TRUE.equals(m.get("late")), Models.str(m, "message"));
    }

    /** Parquet files start with {@code PAR1}; the server looks at the bytes too, the type only labels the request. */
    private static String contentType(byte[] body) {
        return body.length >= 4 && body[0] == 'P' && body[1] == 'A' && body[2] == 'R' && body[3] == '1' ? "application/vnd.apache.parquet" : "text/csv";
    }

    public List<Standing> leaderboard(String competition) {
        Map<?, ?> board = (Map<?, ?>) http.send("GET", API + HubClient.enc(competition) + "/leaderboard", null);
        List<Standing> out = new ArrayList<>();
        for (Object o : (List<?>) board.get("standings")) {
            Map<?, ?> s = (Map<?, ?>) o;
            out.add(new Standing(((Number) s.get("rank")).intValue(), Models.str(s, "team"), ((Number) s.get("score")).doubleValue(),
                    ((Number) s.get("submissions")).intValue()));
        }
        return out;
    }

    /** Registers a scoring worker (competitions with a custom metric; host only) and returns its token, shown only now. */
    public String registerWorker(String competition, String name) {
        Map<?, ?> m = (Map<?, ?>) http.send("POST", API + HubClient.enc(competition) + "/workers", Map.of("name", name));
        return Models.str(m, "token");
    }

    public List<Worker> workers(String competition) {
        List<Worker> out = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", API + HubClient.enc(competition) + "/workers", null)) {
            Map<?, ?> w = (Map<?, ?>) o;
            out.add(new Worker(Models.str(w, "name"), Models.str(w, "createdAt"), Models.str(w, "lastSeenAt")));
        }
        return out;
    }

    /** Revokes a worker's token. */
    public void removeWorker(String competition, String name) {
        http.send("DELETE", API + HubClient.enc(competition) + "/workers/" + HubClient.enc(name), null);
    }
}
