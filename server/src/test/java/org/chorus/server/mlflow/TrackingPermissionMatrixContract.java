package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.mlflow.PublishFixtures.API;
import static org.chorus.server.mlflow.PublishFixtures.ARTIFACTS;
import static org.chorus.server.mlflow.PublishFixtures.json;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.chorus.tracking.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every caller against every tracking, artifact and registry endpoint, for an experiment and registered model owned by
 * a user (alice) and for ones owned by an organisation (lab, where alice is admin, labwriter writes and labreader
 * reads). Other users hold explicit grants of each permission, or none and so the server's default; alice's read-only
 * token and anonymous callers are capped at READ. Expected: below READ 404 (the answer for what does not exist), a
 * write without a token 401 and with a read-only token 403 before anything is looked up, else 200 if the permission
 * suffices and 403 (401 anonymous) if not. Searches answer 200 and show the resource exactly to those who may read it.
 */
abstract class TrackingPermissionMatrixContract {
    private static final List<String> USERS = List.of("alice", "labwriter", "labreader", "readgrant", "editgrant", "managegrant",
            "nogrant", "other");
    /** The artifact listing of a directory: append the path. */
    private static final String LIST = "/api/2.0/mlflow-artifacts/artifacts?path=";
    private static final Map<String, Permission> GRANTS = Map.of("readgrant", Permission.READ, "editgrant", Permission.EDIT,
            "managegrant", Permission.MANAGE, "nogrant", Permission.NO_PERMISSIONS);

    @TempDir
    Path dir;
    ServerFixture server;
    PublishFixtures f;
    final Map<String, String> tokens = new LinkedHashMap<>();

    abstract ServerFixture start(Path dataDir, String defaultPermission);

    enum Need { READ, EDIT, MANAGE, TOKEN }

    /** PAGE, PAGE_ACTION and PAGE_SEARCH are the web pages (web/runs) over the same services: HTML, form posts with CSRF. */
    enum Kind { READ, WRITE, SEARCH, PAGE, PAGE_ACTION, PAGE_SEARCH }

    /** One call; {@code {E}}, {@code {R}}, {@code {M}}… in path and body are the caller's own fixture. */
    record Endpoint(String name, String method, String path, String body, Need need, Kind kind) {}

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private void startWith(Permission defaultPermission) {
        server = start(dir, defaultPermission.name());
        f = new PublishFixtures(server);
        for (String u : USERS) {
            tokens.put(u, f.user(u, "write"));
        }
        tokens.put("alice-readtoken", f.user("alice", "read"));
        tokens.put("siteadmin", ServerFixture.ADMIN_TOKEN);
        f.ok("POST", "/api/chorus/orgs", tokens.get("alice"), "{\"name\":\"lab\"}");
        f.ok("PUT", "/api/chorus/orgs/lab/members/labwriter", tokens.get("alice"), "{\"role\":\"write\"}");
        f.ok("PUT", "/api/chorus/orgs/lab/members/labreader", tokens.get("alice"), "{\"role\":\"read\"}");
    }

    static List<Endpoint> endpoints() {
        String artifact = ARTIFACTS + "{E}/{R}/artifacts/";
        String mpu = "/api/2.0/mlflow-artifacts/mpu/";
        String model = "{\"name\":\"{M}\"";
        String version = "{\"name\":\"{M}\",\"version\":\"1\"";
        return List.of(
                read("experiments/get", API + "experiments/get?experiment_id={E}", Need.READ),
                read("experiments/get-by-name", API + "experiments/get-by-name?experiment_name={EN}", Need.READ),
                read("runs/get", API + "runs/get?run_id={R}", Need.READ),
                read("metrics/get-history", API + "metrics/get-history?run_id={R}&metric_key=m", Need.READ),
                read("metrics/get-history-bulk-interval", API + "metrics/get-history-bulk-interval?run_ids={R}&metric_key=m", Need.READ),
                read("artifact download", artifact + "model/w.bin", Need.READ),
                read("artifact list", ARTIFACTS.substring(0, ARTIFACTS.length() - 1) + "?path={E}/{R}/artifacts", Need.READ),
                read("registered-models/get", API + "registered-models/get?name={M}", Need.READ),
                read("registered-models/get-latest-versions", API + "registered-models/get-latest-versions?name={M}", Need.READ),
                read("model-versions/get", API + "model-versions/get?name={M}&version=1", Need.READ),
                read("model-versions/get-download-uri", API + "model-versions/get-download-uri?name={M}&version=1", Need.READ),
                read("registered-models/alias GET", API + "registered-models/alias?name={M}&alias=champ", Need.READ),
                read("experiments/permissions/get", API + "experiments/permissions/get?experiment_id={E}&username=readgrant", Need.MANAGE),
                read("registered-models/permissions/get", API + "registered-models/permissions/get?name={M}&username=readgrant", Need.MANAGE),
                page("runs table page", "/experiments/{E}"),
                page("runs table columns (htmx)", "/experiments/{E}/columns?colq=m"),
                page("run page", "/experiments/{E}/runs/{R}"),
                page("run page chart series", "/experiments/{E}/runs/{R}/series?key=m"),
                page("run page live state", "/experiments/{E}/runs/{R}/live"),
                page("compare page", "/experiments/{E}/compare?run={R}&run={R2}"),
                page("compare page series", "/experiments/{E}/compare/series?key=m&run={R}&run={R2}"),
                page("run artifacts page", "/experiments/{E}/runs/{R}/artifacts/model"),
                page("run artifact preview page", "/experiments/{E}/runs/{R}/artifacts/model/w.bin"),
                page("run artifact raw", "/experiments/{E}/runs/{R}/artifact-raw/model/w.bin"),
                new Endpoint("experiments list page", "GET", "/experiments?search={EN}", null, Need.READ, Kind.PAGE_SEARCH),
                search("experiments/search", "POST", API + "experiments/search", "{\"filter\":\"name = '{EN}'\"}"),
                search("runs/search", "POST", API + "runs/search", "{\"experiment_ids\":[\"{E}\"]}"),
                search("registered-models/search", "GET", API + "registered-models/search?filter={MQ}", null),
                search("model-versions/search", "GET", API + "model-versions/search?filter={MQ}", null),
                action("experiment rename page", "/experiments/{E}/rename", "name={EN}-page", Need.EDIT),
                action("run note page", "/experiments/{E}/runs/{R}/note", "note=hello", Need.EDIT),
                action("runs table bulk tag", "/experiments/{E}/runs/bulk", "op=tag&key=k&value=v&run={R}", Need.EDIT),
                write("experiments/update", "POST", API + "experiments/update", "{\"experiment_id\":\"{E}\",\"new_name\":\"{EN}-renamed\"}", Need.EDIT),
                write("experiments/set-experiment-tag", "POST", API + "experiments/set-experiment-tag",
                        "{\"experiment_id\":\"{E}\",\"key\":\"k\",\"value\":\"v\"}", Need.EDIT),
                write("runs/create", "POST", API + "runs/create", "{\"experiment_id\":\"{E}\"}", Need.EDIT),
                write("runs/update", "POST", API + "runs/update", "{\"run_id\":\"{R}\",\"status\":\"RUNNING\"}", Need.EDIT),
                write("runs/log-metric", "POST", API + "runs/log-metric", "{\"run_id\":\"{R}\",\"key\":\"m\",\"value\":1,\"timestamp\":2}", Need.EDIT),
                write("runs/log-parameter", "POST", API + "runs/log-parameter", "{\"run_id\":\"{R}\",\"key\":\"p1\",\"value\":\"v\"}", Need.EDIT),
                write("runs/set-tag", "POST", API + "runs/set-tag", "{\"run_id\":\"{R}\",\"key\":\"t1\",\"value\":\"v\"}", Need.EDIT),
                write("runs/delete-tag", "POST", API + "runs/delete-tag", "{\"run_id\":\"{R}\",\"key\":\"t0\"}", Need.EDIT),
                write("runs/log-batch", "POST", API + "runs/log-batch",
                        "{\"run_id\":\"{R}\",\"metrics\":[{\"key\":\"m\",\"value\":2,\"timestamp\":3,\"step\":1}]}", Need.EDIT),
                write("runs/log-inputs", "POST", API + "runs/log-inputs", "{\"run_id\":\"{R}\",\"datasets\":[{\"dataset\":{\"name\":\"d\","
                        + "\"digest\":\"x\",\"source_type\":\"local\",\"source\":\"/d\"}}]}", Need.EDIT),
                write("artifact upload", "PUT", artifact + "new.txt", "bytes", Need.EDIT),
                write("mpu/create", "POST", mpu + "create/{E}/{R}/artifacts/mpu.bin", "{\"num_parts\":1}", Need.EDIT),
                write("mpu/parts (the upload id is the capability)", "PUT", mpu + "parts/{U1}/2", "part", Need.TOKEN),
                write("mpu/complete", "POST", mpu + "complete/{E}/{R}/artifacts/big.bin",
                        "{\"upload_id\":\"{U1}\",\"parts\":[{\"part_number\":1}]}", Need.EDIT),
                write("mpu/abort", "POST", mpu + "abort/{E}/{R}/artifacts/other.bin", "{\"upload_id\":\"{U2}\"}", Need.EDIT),
                write("registered-models/update", "PATCH", API + "registered-models/update", model + ",\"description\":\"d\"}", Need.EDIT),
                write("registered-models/set-tag", "POST", API + "registered-models/set-tag", model + ",\"key\":\"k\",\"value\":\"v\"}", Need.EDIT),
                write("registered-models/delete-tag", "DELETE", API + "registered-models/delete-tag", model + ",\"key\":\"mt0\"}", Need.EDIT),
                write("registered-models/alias POST", "POST", API + "registered-models/alias", version + ",\"alias\":\"second\"}", Need.EDIT),
                write("model-versions/create", "POST", API + "model-versions/create", model + ",\"source\":\"runs:/{R}/model\",\"run_id\":\"{R}\"}",
                        Need.EDIT),
                write("model-versions/update", "PATCH", API + "model-versions/update", version + ",\"description\":\"d\"}", Need.EDIT),
                write("model-versions/transition-stage", "POST", API + "model-versions/transition-stage", version + ",\"stage\":\"Staging\"}",
                        Need.EDIT),
                write("model-versions/set-tag", "POST", API + "model-versions/set-tag", version + ",\"key\":\"k\",\"value\":\"v\"}", Need.EDIT),
                write("model-versions/publish", "POST", API + "model-versions/publish", version + ",\"repo\":\"{NS}/pub-{CASE}\"}", Need.EDIT),
                write("registered-models/rename", "POST", API + "registered-models/rename", "{\"name\":\"{M2}\",\"new_name\":\"{M2}-renamed\"}",
                        Need.EDIT),
                write("experiments/permissions/create", "POST", API + "experiments/permissions/create",
                        "{\"experiment_id\":\"{E}\",\"username\":\"other\",\"permission\":\"READ\"}", Need.MANAGE),
                write("experiments/permissions/update", "PATCH", API + "experiments/permissions/update",
                        "{\"experiment_id\":\"{E}\",\"username\":\"readgrant\",\"permission\":\"READ\"}", Need.MANAGE),
                write("registered-models/permissions/create", "POST", API + "registered-models/permissions/create",
                        model + ",\"username\":\"other\",\"permission\":\"READ\"}", Need.MANAGE),
                write("registered-models/permissions/update", "PATCH", API + "registered-models/permissions/update",
                        model + ",\"username\":\"readgrant\",\"permission\":\"READ\"}", Need.MANAGE),
                write("model-versions/delete-tag", "DELETE", API + "model-versions/delete-tag", version + ",\"key\":\"vt\"}", Need.MANAGE),
                write("registered-models/alias DELETE", "DELETE", API + "registered-models/alias", model + ",\"alias\":\"champ\"}", Need.MANAGE),
                write("artifact delete", "DELETE", artifact + "model/w.bin", null, Need.MANAGE),
                write("runs/delete", "POST", API + "runs/delete", "{\"run_id\":\"{R}\"}", Need.MANAGE),
                write("runs/restore", "POST", API + "runs/restore", "{\"run_id\":\"{R}\"}", Need.MANAGE),
                write("experiments/permissions/delete", "DELETE", API + "experiments/permissions/delete",
                        "{\"experiment_id\":\"{E}\",\"username\":\"nogrant\"}", Need.MANAGE),
                write("registered-models/permissions/delete", "DELETE", API + "registered-models/permissions/delete",
                        model + ",\"username\":\"nogrant\"}", Need.MANAGE),
                write("model-versions/delete", "DELETE", API + "model-versions/delete", version + "}", Need.MANAGE),
                write("registered-models/delete", "DELETE", API + "registered-models/delete", model + "}", Need.MANAGE),
                action("runs table bulk delete", "/experiments/{E}/runs/bulk", "op=delete&run={R}", Need.MANAGE),
                action("runs table bulk restore", "/experiments/{E}/runs/bulk", "op=restore&run={R}", Need.MANAGE),
                write("experiments/delete", "POST", API + "experiments/delete", "{\"experiment_id\":\"{E}\"}", Need.MANAGE),
                write("experiments/restore", "POST", API + "experiments/restore", "{\"experiment_id\":\"{E}\"}", Need.MANAGE),
                action("experiment delete page", "/experiments/{E}/delete", "", Need.MANAGE),
                action("experiment restore page", "/experiments/{E}/restore", "", Need.MANAGE));
    }

    private static Endpoint read(String name, String path, Need need) {
        return new Endpoint(name, "GET", path, null, need, Kind.READ);
    }

    private static Endpoint write(String name, String method, String path, String body, Need need) {
        return new Endpoint(name, method, path, body, need, Kind.WRITE);
    }

    private static Endpoint page(String name, String path) {
        return new Endpoint(name, "GET", path, null, Need.READ, Kind.PAGE);
    }

    /** A form post of a page; success is the page's 303. */
    private static Endpoint action(String name, String path, String form, Need need) {
        return new Endpoint(name, "POST", path, form, need, Kind.PAGE_ACTION);
    }

    private static Endpoint search(String name, String method, String path, String body) {
        return new Endpoint(name, method, path, body, Need.READ, Kind.SEARCH);
    }

    /** What each caller holds on the fixture, before a read-only token's cap. */
    static Permission held(String who, boolean orgOwned, Permission defaultPermission) {
        return switch (who) {
            case "siteadmin", "alice", "alice-readtoken" -> Permission.MANAGE;
            case "labwriter" -> orgOwned ? Permission.EDIT : defaultPermission;
            case "labreader" -> orgOwned && !defaultPermission.includes(Permission.READ) ? Permission.READ : defaultPermission;
            case "readgrant", "editgrant", "managegrant", "nogrant" -> GRANTS.get(who);
            default -> defaultPermission;
        };
    }

    static int expected(String who, Permission held, Endpoint e) {
        boolean anonymous = who.equals("anonymous");
        boolean readToken = who.equals("alice-readtoken");
        boolean writes = e.kind() == Kind.WRITE || e.kind() == Kind.PAGE_ACTION;
        if (writes && (anonymous || readToken)) {
            return anonymous ? 401 : 403;
        }
        if (e.need() == Need.TOKEN || e.kind() == Kind.SEARCH || e.kind() == Kind.PAGE_SEARCH) {
            return 200;
        }
        if (!held.includes(Permission.READ)) {
            return 404;
        }
        Permission effective = anonymous || readToken ? Permission.READ : held;
        if (effective.includes(Permission.valueOf(e.need().name()))) {
            return e.kind() == Kind.PAGE_ACTION ? 303 : 200;
        }
        return anonymous ? 401 : 403;
    }

    /** Alice's experiment, run, artifacts, uploads and models for one caller, with the grants; the placeholders' values. */
    private Map<String, String> fixture(boolean orgOwned, String who) {
        String alice = tokens.get("alice");
        String ownerTag = orgOwned ? "{\"key\":\"chorus.owner\",\"value\":\"lab\"}" : "";
        String tail = (orgOwned ? "o-" : "u-") + who;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("{CASE}", orgOwned ? "o" : "u");
        v.put("{NS}", switch (who) {
            case "siteadmin" -> "admin";
            case "alice-readtoken", "anonymous" -> "alice";
            default -> who;
        });
        v.put("{EN}", "e-" + tail);
        String e = f.ok("POST", API + "experiments/create", alice, "{\"name\":\"e-" + tail + "\",\"tags\":[" + ownerTag + "]}")
                .path("experiment_id").asText();
        v.put("{E}", e);
        grant(alice, "experiments", "\"experiment_id\":\"" + e + "\"");
        String r = f.ok("POST", API + "runs/create", alice, "{\"experiment_id\":\"" + e + "\"}").path("run").path("info").path("run_id").asText();
        v.put("{R}", r);
        v.put("{R2}", f.ok("POST", API + "runs/create", alice, "{\"experiment_id\":\"" + e + "\"}").path("run").path("info").path("run_id").asText());
        f.ok("POST", API + "runs/log-batch", alice, "{\"run_id\":\"" + r + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1}],"
                + "\"params\":[{\"key\":\"p0\",\"value\":\"v\"}],\"tags\":[{\"key\":\"t0\",\"value\":\"v\"}]}");
        f.putArtifact(alice, e, r, "model/w.bin", "weights");
        String path = e + "/" + r + "/artifacts/";
        v.put("{U1}", f.ok("POST", "/api/2.0/mlflow-artifacts/mpu/create/" + path + "big.bin", alice, "{\"num_parts\":1}").path("upload_id").asText());
        f.ok("PUT", "/api/2.0/mlflow-artifacts/mpu/parts/" + v.get("{U1}") + "/1", alice, "part one");
        v.put("{U2}", f.ok("POST", "/api/2.0/mlflow-artifacts/mpu/create/" + path + "other.bin", alice, "{\"num_parts\":1}").path("upload_id").asText());
        for (String m : List.of("m-" + tail, "m2-" + tail)) {
            f.ok("POST", API + "registered-models/create", alice, "{\"name\":\"" + m + "\",\"tags\":[{\"key\":\"mt0\",\"value\":\"v\"}"
                    + (orgOwned ? "," + ownerTag : "") + "]}");
            grant(alice, "registered-models", "\"name\":\"" + m + "\"");
        }
        String m = "m-" + tail;
        v.put("{M}", m);
        v.put("{M2}", "m2-" + tail);
        v.put("{MQ}", URLEncoder.encode("name = '" + m + "'", StandardCharsets.UTF_8));
        f.ok("POST", API + "model-versions/create", alice, "{\"name\":\"" + m + "\",\"source\":\"runs:/" + r + "/model\",\"run_id\":\"" + r + "\"}");
        f.ok("POST", API + "registered-models/alias", alice, "{\"name\":\"" + m + "\",\"alias\":\"champ\",\"version\":\"1\"}");
        f.ok("POST", API + "model-versions/set-tag", alice, "{\"name\":\"" + m + "\",\"version\":\"1\",\"key\":\"vt\",\"value\":\"v\"}");
        return v;
    }

    private void grant(String token, String prefix, String key) {
        GRANTS.forEach((user, p) -> f.ok("POST", API + prefix + "/permissions/create", token,
                "{" + key + ",\"username\":\"" + user + "\",\"permission\":\"" + p.name() + "\"}"));
    }

    private static String fill(String text, Map<String, String> values) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (var v : values.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }

    /** A page's form post as a browser sends it: the CSRF token in a cookie and again in the header, the caller's token if any. */
    private HttpResponse<String> formPost(String path, String token, String form) {
        String csrf = "matrixCsrfToken0123456789abcdefghijklmnopqrstuv".substring(0, 43);
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "chorus_csrf=" + csrf).header("X-CSRF-Token", csrf);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    private void walk(boolean orgOwned, Permission defaultPermission) {
        List<String> callers = new ArrayList<>(tokens.keySet());
        callers.add("anonymous");
        List<String> failures = new ArrayList<>();
        for (String who : callers) {
            Map<String, String> values = fixture(orgOwned, who);
            Permission held = held(who, orgOwned, defaultPermission);
            for (Endpoint e : endpoints()) {
                HttpResponse<String> r = e.kind() == Kind.PAGE_ACTION ? formPost(fill(e.path(), values), tokens.get(who), fill(e.body(), values))
                        : server.send(e.method(), fill(e.path(), values), tokens.get(who), fill(e.body(), values));
                int want = expected(who, held, e);
                String at = e.name() + " as " + who + " (holds " + held + ")";
                if (r.statusCode() != want) {
                    failures.add(at + ": expected " + want + ", got " + r.statusCode() + " " + r.body());
                } else if (want >= 400 && (e.kind() == Kind.PAGE || e.kind() == Kind.PAGE_ACTION)) {
                    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/html") || r.body().contains(values.get("{EN}"))) {
                        failures.add(at + ": expected the " + want + " error page, naming nothing: " + r.body());
                    }
                } else if (want >= 400) {
                    String code = json(r).path("error_code").asText();
                    String wantCode = switch (want) {
                        case 401 -> "UNAUTHENTICATED";
                        case 403 -> "PERMISSION_DENIED";
                        default -> "RESOURCE_DOES_NOT_EXIST";
                    };
                    if (!code.equals(wantCode)) {
                        failures.add(at + ": " + want + " with error_code " + code + ", expected " + wantCode);
                    }
                } else if (e.kind() == Kind.PAGE_SEARCH) {
                    if (r.body().contains(">" + values.get("{EN}") + "</a>") != held.includes(Permission.READ)) {
                        failures.add(at + ": " + (held.includes(Permission.READ) ? "missing from" : "shown by") + " the experiments page");
                    }
                } else if (e.kind() == Kind.SEARCH) {
                    String shown = e.name().startsWith("runs") ? values.get("{R}") : e.name().startsWith("experiments") ? values.get("{EN}") : values.get("{M}");
                    if (r.body().contains("\"" + shown + "\"") != held.includes(Permission.READ)) {
                        failures.add(at + ": " + (held.includes(Permission.READ) ? "missing from" : "shown by") + " the search: " + r.body());
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void userOwnedMatrix() {
        startWith(Permission.READ);
        walk(false, Permission.READ);
    }

    @Test
    void organisationOwnedMatrix() {
        startWith(Permission.READ);
        walk(true, Permission.READ);
    }

    /** With nothing readable by default, only owners, organisation members and grantees see anything. */
    @Test
    void organisationOwnedMatrixWithoutDefaultAccess() {
        startWith(Permission.NO_PERMISSIONS);
        walk(true, Permission.NO_PERMISSIONS);
    }

    @Test
    void whatIsHiddenAnswersExactlyAsWhatDoesNotExist() {
        startWith(Permission.READ);
        Map<String, String> v = fixture(false, "nogrant");
        String nogrant = tokens.get("nogrant");
        String absentRun = "0123456789abcdef0123456789abcdef";

        assertThat(server.get(API + "runs/get?run_id=" + v.get("{R}"), nogrant).body())
                .isEqualTo(server.get(API + "runs/get?run_id=" + absentRun, nogrant).body().replace(absentRun, v.get("{R}")));
        assertThat(server.get(API + "registered-models/get?name=" + v.get("{M}"), nogrant).body())
                .isEqualTo(server.get(API + "registered-models/get?name=zz", nogrant).body().replace("zz", v.get("{M}")));
        assertThat(server.get(API + "experiments/get?experiment_id=" + v.get("{E}"), nogrant).body())
                .isEqualTo(server.get(API + "experiments/get?experiment_id=987", nogrant).body().replace("987", v.get("{E}")));
        for (String path : List.of("", "/" + v.get("{R}") + "/artifacts")) {
            HttpResponse<String> hidden = server.get(LIST + v.get("{E}") + path, nogrant);
            HttpResponse<String> absent = server.get(LIST + "987" + path, nogrant);
            assertThat(hidden.statusCode()).as(path).isEqualTo(absent.statusCode());
            assertThat(hidden.body()).as(path).isEqualTo(absent.body().replace("987", v.get("{E}")));
        }
        HttpResponse<String> hiddenFile = server.get(ARTIFACTS + v.get("{E}") + "/" + v.get("{R}") + "/artifacts/model/w.bin", nogrant);
        HttpResponse<String> absentFile = server.get(ARTIFACTS + "987/" + v.get("{R}") + "/artifacts/model/w.bin", nogrant);
        assertThat(hiddenFile.statusCode()).isEqualTo(absentFile.statusCode());
        assertThat(hiddenFile.body()).isEqualTo(absentFile.body().replace("987", v.get("{E}")));
    }

    /** The artifact root lists experiments' directories: each caller sees the ids a get would show them, and no others. */
    @Test
    void theArtifactRootListsOnlyTheExperimentsTheCallerMayRead() {
        // Prepare
        startWith(Permission.READ);
        String e = fixture(false, "nogrant").get("{E}");
        f.ok("PUT", ARTIFACTS + "987/orphan.txt", ServerFixture.ADMIN_TOKEN, "no experiment 987");
        f.ok("PUT", ARTIFACTS + "shared/notes.txt", ServerFixture.ADMIN_TOKEN, "outside every experiment");

        // Execute
        Map<String, List<String>> roots = new LinkedHashMap<>();
        for (String who : List.of("nogrant", "readgrant", "other", "anonymous", "siteadmin")) {
            List<String> names = new ArrayList<>();
            json(server.get(LIST, tokens.get(who))).path("files").forEach(file -> names.add(file.path("path").asText()));
            roots.put(who, names);
        }
        HttpResponse<String> orphan = server.get(LIST + "987", tokens.get("readgrant"));

        // Assert
        assertThat(roots.get("nogrant")).containsExactly("shared");
        assertThat(roots.get("readgrant")).containsExactlyInAnyOrder(e, "shared");
        assertThat(roots.get("other")).containsExactlyInAnyOrder(e, "shared");
        assertThat(roots.get("anonymous")).containsExactlyInAnyOrder(e, "shared");
        assertThat(roots.get("siteadmin")).containsExactlyInAnyOrder(e, "987", "shared");
        assertThat(orphan.statusCode()).isEqualTo(404);
        assertThat(json(orphan).path("message").asText()).isEqualTo("No artifact at 987");
    }

    /** Without default access the root itself is a site admin's, as every path outside an experiment is. */
    @Test
    void withoutDefaultAccessAHiddenExperimentsArtifactsAnswerAsAMissingOnes() {
        // Prepare
        startWith(Permission.NO_PERMISSIONS);
        String e = fixture(false, "other").get("{E}");

        // Execute
        HttpResponse<String> root = server.get(LIST, null);
        HttpResponse<String> hidden = server.get(LIST + e, null);
        HttpResponse<String> absent = server.get(LIST + "987", null);
        List<String> adminSees = new ArrayList<>();
        json(server.get(LIST, ServerFixture.ADMIN_TOKEN)).path("files").forEach(file -> adminSees.add(file.path("path").asText()));

        // Assert
        assertThat(root.statusCode()).isEqualTo(404);
        assertThat(hidden.statusCode()).isEqualTo(absent.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(absent.body().replace("987", e));
        assertThat(adminSees).contains(e);
    }
}
