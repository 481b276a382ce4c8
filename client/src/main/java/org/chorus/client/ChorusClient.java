package org.chorus.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.client.Models.Account;
import org.chorus.client.Models.CreatedToken;
import org.chorus.client.Models.Member;
import org.chorus.client.Models.Token;
import org.chorus.client.Models.WhoAmI;

/** The Java SDK's entry point: one client per server and token. Thread-safe. */
public final class ChorusClient {
    private final Http http;

    private ChorusClient(Http http) {
        this.http = http;
    }

    /** {@code token} may be null for anonymous use. */
    public static ChorusClient connect(String baseUrl, String token) {
        return new ChorusClient(new Http(baseUrl, token));
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** Experiment runs, read through the MLflow-compatible API. */
    public RunsClient runs() {
        return new RunsClient(http);
    }

    /** The model registry's Chorus extensions, such as publishing a version to the hub. */
    public RegistryClient registry() {
        return new RegistryClient(http);
    }

    /** Federations and federated training tasks (site admins). */
    public CompetitionsClient competitions() {
        return new CompetitionsClient(http);
    }

    public FederationsClient federations() {
        return new FederationsClient(http);
    }

    /** Hub snapshots and ecosystems (site admins). */
    public SnapshotsClient snapshots() {
        return new SnapshotsClient(http);
    }

    /** Repositories; {@code stateDir} keeps resumable-upload progress (e.g. {@code ~/.chorus}). */
    public HubClient hub(java.nio.file.Path stateDir) {
        return new HubClient(http, stateDir);
    }

    public WhoAmI whoAmI() {
        Map<?, ?> m = (Map<?, ?>) http.send("GET", "/api/whoami-v2", null);
        List<String> orgs = new ArrayList<>();
        if (m.get("orgs") instanceof List<?> list) {
            for (Object o : list) {
                orgs.add(Models.str((Map<?, ?>) o, "name"));
            }
        }
        Map<?, ?> token = (Map<?, ?>) ((Map<?, ?>) m.get("auth")).get("accessToken");
        return new WhoAmI(Models.str(m, "id"), Models.str(m, "name"), Models.str(m, "fullname"), orgs,
                Models.str(token, "displayName"), Models.str(token, "role"));
    }

    public Account createUser(String name, String fullname, String email, boolean siteAdmin) {
        return createUser(name, fullname, email, siteAdmin, null);
    }

    /** Creates a user with a web sign-in password (null: the user signs in with tokens only). */
    public Account createUser(String name, String fullname, String email, boolean siteAdmin, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (password != null) {
            body.put("password", password);
        }
        body.put("name", name);
        body.put("fullname", fullname);
        body.put("email", email);
        body.put("siteAdmin", siteAdmin);
        return Models.account((Map<?, ?>) http.send("POST", "/api/chorus/users", body));
    }

    public Account createOrg(String name, String fullname) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("fullname", fullname);
        return Models.account((Map<?, ?>) http.send("POST", "/api/chorus/orgs", body));
    }

    /** Adds {@code user} to {@code org}, or changes their role: read, write or admin. */
    public void setMember(String org, String user, String role) {
        http.send("PUT", "/api/chorus/orgs/" + seg(org) + "/members/" + seg(user), Map.of("role", role));
    }

    /** Users by name, at most {@code limit}. */
    public List<Account> users(int limit) {
        return Pages.collect(http, "/api/chorus/users?limit=" + Math.min(limit, 1000), limit, Models::account);
    }

    /** Organisations by name, at most {@code limit}. */
    public List<Account> orgs(int limit) {
        return Pages.collect(http, "/api/chorus/orgs?limit=" + Math.min(limit, 1000), limit, Models::account);
    }

    public List<Member> members(String org) {
        List<Member> members = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", "/api/chorus/orgs/" + seg(org) + "/members", null)) {
            members.add(new Member(Models.str((Map<?, ?>) o, "user"), Models.str((Map<?, ?>) o, "role")));
        }
        return members;
    }

    public void removeMember(String org, String user) {
        http.send("DELETE", "/api/chorus/orgs/" + seg(org) + "/members/" + seg(user), null);
    }

    public CreatedToken createToken(String user, String name, String role) {
        Map<?, ?> m = (Map<?, ?>) http.send("POST", "/api/chorus/users/" + seg(user) + "/tokens", Map.of("name", name, "role", role));
        return new CreatedToken(Models.token(m), Models.str(m, "token"));
    }

    public List<Token> listTokens(String user) {
        List<Token> tokens = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", "/api/chorus/users/" + seg(user) + "/tokens", null)) {
            tokens.add(Models.token((Map<?, ?>) o));
        }
        return tokens;
    }

    public void revokeToken(String user, String tokenId) {
        http.send("DELETE", "/api/chorus/users/" + seg(user) + "/tokens/" + seg(tokenId), null);
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
