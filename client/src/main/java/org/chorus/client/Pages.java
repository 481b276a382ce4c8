package org.chorus.client;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            HttpResponse<String> r = http.exchange(http.request(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (Object o : (List<?>) Http.parse(r.body())) {
                if (out.size() < limit) {
                    out.add(mapper.apply((Map<?, ?>) o));
                }
            }
            next = r.headers().firstValue("Link").map(Pages::nextUrl).orElse(null);
        }
        return out;
    }

    static String nextUrl(String linkHeader) {
        Matcher m = NEXT.matcher(linkHeader);
        return m.find() ? m.group(1) : null;
    }

    static HttpRequest get(Http http, String path) {
        return http.request(path).GET().build();
    }
}
