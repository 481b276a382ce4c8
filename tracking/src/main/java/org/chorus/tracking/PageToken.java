package org.chorus.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;

/** MLflow's offset page tokens: base64 of {"offset": n}. */
final class PageToken {
    private static final Pattern OFFSET = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,18})\\s*}");

    private PageToken() {}

    static long offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            Matcher m = OFFSET.matcher(json.strip());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ChorusException.invalid("Invalid page token, could not base64-decode");
    }

    /** The token for the next page, or null when {@code fetched} shows there is none. */
    static String next(long offset, int pageSize, int fetched) {
        if (fetched <= pageSize) {
            return null;
        }
        return Base64.getEncoder().encodeToString(("{\"offset\": " + (offset + pageSize) + "}").getBytes(StandardCharsets.UTF_8));
    }
}
