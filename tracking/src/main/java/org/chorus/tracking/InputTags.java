package org.chorus.tracking;

import java.util.ArrayList;
import java.util.List;

/** A dataset input's tags in one text column: key and value percent-escaped, joined by '=' and '&'. */
final class InputTags {
    private InputTags() {}

    static String encode(List<KeyValue> tags) {
        StringBuilder out = new StringBuilder();
        for (KeyValue t : tags == null ? List.<KeyValue>of() : tags) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(escape(t.key())).append('=').append(escape(t.value()));
        }
        return out.toString();
    }

    static List<KeyValue> decode(String text) {
        List<KeyValue> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            out.add(new KeyValue(unescape(pair.substring(0, eq)), unescape(pair.substring(eq + 1))));
        }
        return out;
    }

    private static String escape(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
