package org.chorus.server.hf;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * HMAC-SHA256 signatures for URLs handed to clients that send no token with them (LFS upload and download
 * actions). A signature covers what the URL may do and when it expires; the key is shared by every node.
 */
final class UrlSigner {
    private final byte[] key;
    private final Clock clock;

    UrlSigner(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** {@code expires=…&sig=…} for the given purpose, valid for {@code seconds}. */
    String sign(String purpose, long seconds) {
        long expires = clock.instant().getEpochSecond() + seconds;
        return "expires=" + expires + "&sig=" + mac(purpose + "|" + expires);
    }

    void verify(String purpose, String expires, String sig) {
        if (expires == null || sig == null) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "this URL needs its expires and sig parameters");
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "malformed expires parameter");
        }
        boolean valid = MessageDigest.isEqual(mac(purpose + "|" + at).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
        if (!valid) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "invalid URL signature");
        }
        if (clock.instant().getEpochSecond() > at) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "this URL has expired; ask for a new one");
        }
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
