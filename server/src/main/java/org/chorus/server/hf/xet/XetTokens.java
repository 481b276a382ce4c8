package org.chorus.server.hf.xet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Short-lived Xet CAS access tokens: {@code xet1.<base64url(mode|repository id|expiry|minter)>.<HMAC-SHA256>}, signed
 * with the hub's shared signing key (the one behind self-authenticating LFS URLs) under its own domain prefix, so a
 * token and a signed URL can never stand in for each other. A token names one repository, read or write, and the hub
 * token it was minted with (empty for anonymous callers), whose access every use re-checks
 * ({@link org.chorus.server.hf.DerivedAccess}).
 */
public final class XetTokens {
    /** What a valid token allows, and for whom it was minted. */
    public record Scope(String repoId, boolean write, long expiresAt, String minter) {}

    private static final String PREFIX = "xet1.";

    private final byte[] key;
    private final Clock clock;
    private final long ttlSeconds;

    public XetTokens(byte[] key, Clock clock, Duration ttl) {
        this.key = key.clone();
        this.clock = clock;
        this.ttlSeconds = ttl.toSeconds();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    long ttlSeconds() {
        return ttlSeconds;
    }

    /** A token for the repository, valid until {@code expiresAt} (from {@link #expiry}), which callers return alongside. */
    public String issue(String repoId, boolean write, String minter, long expiresAt) {
        String payload = (write ? "w" : "r") + "|" + repoId + "|" + expiresAt + "|" + minter;
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + body + "." + mac("xet-token|" + payload);
    }

    /** When a token issued now expires. */
    public long expiry() {
        return now() + ttlSeconds;
    }

    /** The scope of an {@code Authorization: Bearer} header's token; 401 when absent, malformed, forged or expired. */
    public Scope verify(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer " + PREFIX)) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "a Xet access token is required (Authorization: Bearer xet1…)");
        }
        String token = authorization.substring("Bearer ".length() + PREFIX.length()).trim();
        int dot = token.indexOf('.');
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0))), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "malformed Xet access token");
        }
        String[] parts = payload.split("\\|", -1);
        if (dot < 0 || parts.length != 4 || !(parts[0].equals("w") || parts[0].equals("r"))) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "malformed Xet access token");
        }
        byte[] expected = mac("xet-token|" + payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "invalid Xet access token");
        }
        long exp;
        try {
            exp = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "malformed Xet access token");
        }
        if (now() > exp) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "the Xet access token has expired; refresh it");
        }
        return new Scope(parts[1], parts[0].equals("w"), exp, parts[3]);
    }

    /**
     * {@code r=…&by=…&expires=…&sig=…} for a xorb byte range a reconstruction for {@code scope}'s repository hands out
     * (no token is sent with it); the repository and minter are signed too, so the range is re-checked like the token.
     */
    String signRange(String xorb, long start, long endInclusive, Scope scope, long expires) {
        return "r=" + scope.repoId() + "&by=" + scope.minter() + "&expires=" + expires + "&sig="
                + mac(rangePurpose(xorb, start, endInclusive, scope.repoId(), scope.minter(), expires));
    }

    /** Checks a signed range's signature and expiry; the caller then re-checks the repository access it names. */
    void verifyRange(String xorb, long start, long endInclusive, String repoId, String minter, String expires, String sig) {
        long at;
        try {
            at = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "this URL needs its expires and sig parameters");
        }
        byte[] expected = mac(rangePurpose(xorb, start, endInclusive, repoId, minter, at)).getBytes(StandardCharsets.US_ASCII);
        if (sig == null || !MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "invalid URL signature");
        }
        if (now() > at) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "this URL has expired; ask for a new reconstruction");
        }
    }

    private static String rangePurpose(String xorb, long start, long endInclusive, String repoId, String minter, long expires) {
        return "xet-range|" + xorb + "|" + start + "|" + endInclusive + "|" + repoId + "|" + minter + "|" + expires;
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
