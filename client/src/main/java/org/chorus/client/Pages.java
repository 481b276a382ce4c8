package org.chorus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Follows the hub's {@code Link: <…>; rel="next"} pagination until {@code limit} items or the last page. */
final class Pages {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private Pages() {}

    static <T> List<T> collect(Http http, String firstPath, int limit, Function<Map<?, ?>, T> mapper) {
        List<T> out = new ArrayList<>();
        String next = firstPath;
        while (next != null && out.size() < limit) {
            Http.Reply r = http.call("GET", next, null, null);
            for (Object o : (List<?>) Http.parse(r.body())) {
                if (out.size() < limit) {
                    out.add(mapper.apply((Map<?, ?>) o));
                }
            }
            next = r.link() == null ? null : nextUrl(r.link());
        }
        return out;
    }

    static String nextUrl(String linkHeader) {
        Matcher m = NEXT.matcher(linkHeader);
        return m.find() ? m.group(1) : null;
    }
}
