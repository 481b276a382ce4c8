package org.chorus.server.web;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Model and dataset cards as HTML: CommonMark with GFM tables and autolinks, raw HTML allowed through the parser and
 * then everything sanitized with jsoup's allow-list, so a card's {@code <script>}, {@code on*=} attributes and
 * {@code javascript:} links are dropped whether they came from Markdown or raw HTML. The page's Content-Security-Policy
 * (no inline script, same-origin everything) is the second line.
 *
 * <p>Relative image and link URLs ({@code ![](images/plot.png)}, {@code [config](config.json)}) name files of the
 * repository, as on the Hub: they are rewritten to the file's {@code …/resolve/{rev}/…} URL before sanitizing, with
 * {@code .} and {@code ..} resolved inside the repository (never above its root). Anything else that is not http(s)
 * or mailto is still dropped by the allow-list.
 */
public final class Markdown {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), AutolinkExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).build();
    /** relaxed(): text formatting, lists, tables, images, links with http/https/mailto only; plus heading ids and code classes. */
    private static final Safelist SAFE = Safelist.relaxed()
            .addAttributes(":all", "id")
            .addAttributes("code", "class")
            .addProtocols("img", "src", "http", "https")
            .addEnforcedAttribute("a", "rel", "nofollow noopener");
    /** The same, keeping the same-origin paths {@link #repositoryUrl} wrote (checked against {@link #BASE}). */
    private static final Safelist SAFE_WITH_FILES = Safelist.relaxed()
            .addAttributes(":all", "id")
            .addAttributes("code", "class")
            .addProtocols("img", "src", "http", "https")
            .addEnforcedAttribute("a", "rel", "nofollow noopener")
            .preserveRelativeLinks(true);
    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);
    /**
     * A table cell with more text than this may wrap (class {@code wrap}); shorter ones stay on one line and the table
     * scrolls. Fitted to a phone, every cell wrapped to its longest word and a results table's rows were 4–6 lines tall.
     */
    static final int LONG_CELL = 24;

    private Markdown() {}

    /** A stand-in origin for the cleaner's URL checks: a rewritten repository path resolves to an http URL under it. */
    private static final String BASE = "http://card.invalid";

    /** Safe HTML for a Markdown text without repository files to point at (relative URLs are dropped). */
    public static String toSafeHtml(String markdown) {
        return toSafeHtml(markdown, null);
    }

    /**
     * Safe HTML for a Markdown text (a card's body, without its front matter); {@code filesPrefix} is the repository's
     * {@code …/resolve/{rev}/} URL that relative URLs are taken against (null: relative URLs are dropped).
     */
    public static String toSafeHtml(String markdown, String filesPrefix) {
        String html = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
        Document dirty = Jsoup.parseBodyFragment(html, filesPrefix == null ? "" : BASE);
        if (filesPrefix != null) {
            for (Element e : dirty.select("img[src], a[href]")) {
                String attribute = e.tagName().equals("img") ? "src" : "href";
                // as a browser reads it: tabs and line breaks inside a URL are ignored, spaces around it trimmed
                String url = e.attr(attribute).replaceAll("[\\t\\n\\r]", "").strip();
                String target = repositoryUrl(filesPrefix, url);
                if (target != null) {
                    e.attr(attribute, target);
                } else if (isRelative(url) || url.startsWith("//") || url.startsWith("/\\") || url.startsWith("\\")) {
                    e.removeAttr(attribute); // nothing in the repository, or another host (protocol-relative)
                }
            }
        }
        Document clean = new Cleaner(filesPrefix == null ? SAFE : SAFE_WITH_FILES).clean(dirty);
        clean.select("img:not([src])").remove(); // its source was unsafe and dropped: nothing left to show
        clean.select("img:not([alt])").attr("alt", ""); // without alt text an image is decorative for screen readers
        clean.select("td, th").stream().filter(c -> c.text().length() > LONG_CELL).forEach(c -> c.addClass("wrap"));
        clean.outputSettings(OUTPUT);
        return clean.body().html();
    }

    /** Whether a URL has no scheme and no host and is not a page anchor or an absolute path: a file of the repository. */
    private static boolean isRelative(String url) {
        if (url.isEmpty() || url.startsWith("#") || url.startsWith("/") || url.startsWith("\\")) {
            return false;
        }
        int colon = url.indexOf(':');
        int end = url.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(stop);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return colon < 0 || colon > end;
    }

    /** The {@code …/resolve/{rev}/path} URL of a relative URL; null for anything that is not relative. */
    static String repositoryUrl(String filesPrefix, String url) {
        if (!isRelative(url)) {
            return null;
        }
        int cut = url.length();
        for (char stop : new char[] {'?', '#'}) {
            int i = url.indexOf(stop);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : url.substring(0, cut).split("/")) {
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments.isEmpty() ? null : filesPrefix + String.join("/", segments) + url.substring(cut);
    }

    /** The text after a YAML front matter block ({@code ---} … {@code ---}), or all of it when there is none. */
    public static String withoutFrontMatter(String text) {
        String t = text.replace("\r\n", "\n");
        if (!t.startsWith("---\n")) {
            return t;
        }
        int end = t.indexOf("\n---", 3);
        if (end < 0) {
            return t;
        }
        int lineEnd = t.indexOf('\n', end + 4);
        return lineEnd < 0 ? "" : t.substring(lineEnd + 1);
    }
}
