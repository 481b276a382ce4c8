package org.chorus.server.hf;

import com.fasterxml.jackson.databind.JsonNode;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * The largest file this server takes ({@code serve --max-file-size}), checked wherever a client declares a size:
 * LFS batch objects, signed upload URLs and multipart completion, Xet shards, preupload and NDJSON {@code lfsFile}
 * lines. A size is refused before anything is allocated or signed for it.
 */
public record FileSizeLimit(long maxBytes) {

    /** {@code size} if it is a byte count this server takes: INVALID_ARGUMENT if negative, PAYLOAD_TOO_LARGE above the limit. */
    public long check(String what, long size) {
        if (size < 0) {
            throw ChorusException.invalid(what + " must have a non-negative size, got " + size);
        }
        if (size > maxBytes) {
            throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, what + " is " + size + " bytes; this server takes files of at most "
                    + maxBytes + " bytes");
        }
        return size;
    }

    /** A declared JSON {@code size}: a whole number (not a fraction, string or exponent beyond a long), then {@link #check}. */
    public long check(String what, JsonNode size) {
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
            throw ChorusException.invalid(what + " needs its size as a whole number of bytes");
        }
        return check(what, size.asLong());
    }
}
