package org.chorus.client;

import java.util.List;
import java.util.Map;

/** The SDK's view of accounts; field names follow the server's JSON. */
public final class Models {
    private Models() {}

    public record WhoAmI(String id, String name, String fullname, List<String> orgs, String tokenName, String tokenRole) {}

    public record Account(String id, String name, String type, String fullname, boolean siteAdmin) {}

    /** A member of an organisation and their role there: read, write or admin. */
    public record Member(String user, String role) {}

    public record Token(String id, String name, String role, String createdAt, String lastUsedAt, String revokedAt) {}

    /** A new token; {@code secret} is shown only this once. */
    public record CreatedToken(Token info, String secret) {}

    static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static Account account(Map<?, ?> m) {
        return new Account(str(m, "id"), str(m, "name"), str(m, "type"), str(m, "fullname"), Boolean.TRUE.equals(m.get("siteAdmin")));
    }

    static Token token(Map<?, ?> m) {
        return new Token(str(m, "id"), str(m, "name"), str(m, "role"), str(m, "createdAt"), str(m, "lastUsedAt"), str(m, "revokedAt"));
    }
}
