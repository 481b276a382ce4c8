package org.chorus.server.hf.xet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Short-lived Xet CAS access tokens: {@code xet1.<base64url(mode|repository id|expiry)>.<HMAC-SHA256>}, signed with
 * the hub's shared signing key (the one behind self-authenticating LFS URLs) under its own domain prefix, so a
 * token and a signed URL can never stand in for each other. A token names one repository and read or write.
 */
public final class XetTokens {
    /** What a valid token allows. */
    public record Scope(String repoId, boolean write, long expiresAt) {}

    static final long TOKEN_SECONDS = 3600;
    private static final String PREFIX = "xet1.";

    private final byte[] key;
    private final Clock clock;

    public XetTokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    /** A token for the repository, valid {@link #TOKEN_SECONDS}; {@code expiresAt} is returned alongside by callers. */
    public String issue(String repoId, boolean write, long expiresAt) {
        String payload = (write ? "w" : "r") + "|" + repoId + "|" + expiresAt;
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + body + "." + mac("xet-token|" + payload);
    }

    public long expiry() {
        return now() + TOKEN_SECONDS;
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
        String[] parts = payload.split("\\|");
        if (dot < 0 || parts.length != 3 || !(parts[0].equals("w") || parts[0].equals("r"))) {
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
        return new Scope(parts[1], parts[0].equals("w"), exp);
    }

    /** {@code expires=…&sig=…} for a xorb byte range a reconstruction hands out (no token is sent with it). */
    String signRange(String xorb, long start, long endInclusive, long expires) {
        return "expires=" + expires + "&sig=" + mac("xet-range|" + xorb + "|" + start + "|" + endInclusive + "|" + expires);
    }

    void verifyRange(String xorb, long start, long endInclusive, String expires, String sig) {
        long at;
        try {
            at = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "this URL needs its expires and sig parameters");
        }
        byte[] expected = mac("xet-range|" + xorb + "|" + start + "|" + endInclusive + "|" + at).getBytes(StandardCharsets.US_ASCII);
        if (sig == null || !MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "invalid URL signature");
        }
        if (now() > at) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "this URL has expired; ask for a new reconstruction");
        }
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
