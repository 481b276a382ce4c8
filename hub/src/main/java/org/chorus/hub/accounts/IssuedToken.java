package org.chorus.hub.accounts;

/** A freshly created token: the only moment its secret is known to the server. */
public record IssuedToken(TokenInfo info, String secret) {
    @Override
    public String toString() {
        return "IssuedToken[" + info + ", secret=***]";
    }
}
