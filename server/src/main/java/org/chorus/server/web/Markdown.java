package org.chorus.server.web;

import java.util.List;
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
    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);

    private Markdown() {}

    /** Safe HTML for a Markdown text (a card's body, without its front matter). */
    public static String toSafeHtml(String markdown) {
        String html = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
        Document clean = new Cleaner(SAFE).clean(Jsoup.parseBodyFragment(html));
        clean.select("img:not([src])").remove(); // its source was unsafe and dropped: nothing left to show
        clean.select("img:not([alt])").attr("alt", ""); // without alt text an image is decorative for screen readers
        clean.outputSettings(OUTPUT);
        return clean.body().html();
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
