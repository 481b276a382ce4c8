package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void onlyTableCellsWithLongTextMayWrap() {
        String html = Markdown.toSafeHtml("| split | notes |\n|---|---|\n| validation | drawn from the same shops as training |\n");
        assertThat(html).contains("<th>split</th>", "<td>validation</td>", "<td class=\"wrap\">drawn from the same shops as training</td>");
        assertThat(Markdown.toSafeHtml("<table><tr><td class=\"x\">" + "a".repeat(Markdown.LONG_CELL) + "</td></tr></table>"))
                .as("a card's own classes are still dropped; at the limit no wrap").contains("<td>" + "a".repeat(Markdown.LONG_CELL) + "</td>");
    }

    @Test
    void rendersGfmTablesAndAutolinks() {
        assertThat(Markdown.toSafeHtml("| a | b |\n|---|---|\n| 1 | 2 |\n\nsee https://example.org"))
                .contains("<table>").contains("<td>1</td>").contains("<a href=\"https://example.org\" rel=\"nofollow noopener\">");
    }

    @Test
    void dropsScriptsHandlersAndDangerousUrls() {
        String html = Markdown.toSafeHtml("""
                <script>alert(1)</script>

                <img src="https://example.org/x.png" onerror="alert(2)">

                [a](javascript:alert(3)) [b](data:text/html,<script>alert(4)</script>) <a href=" jav&#x09;ascript:alert(5)">c</a>

                <svg><g onload="alert(6)"></g></svg> <form action="/logout"><button>x</button></form>
                """);
        assertThat(html).doesNotContainIgnoringCase("script").doesNotContain("onerror").doesNotContain("onload")
                .doesNotContain("data:").doesNotContain("<svg").doesNotContain("<form").doesNotContain("alert(3)")
                .contains("<img src=\"https://example.org/x.png\" alt=\"\">");
    }

    @Test
    void relativeUrlsNameTheRepositorysFilesAndStaySanitized() {
        String prefix = "/ann/bert/resolve/main/";
        String html = Markdown.toSafeHtml("""
                ![plot](images/plot.png) ![up](./a/../../../b.png?x=1#f) [config](config.json) [top](#usage) [abs](/ann/other)

                [far](https://example.org/x) <img src="javascript:alert(1)"> [js](javascript:alert(2)) [pct](a%20b.txt)

                <a href="data:text/html,x">d</a> <img src="//evil.example/x.png">
                """, prefix);
        assertThat(html).contains("<img src=\"/ann/bert/resolve/main/images/plot.png\" alt=\"plot\">")
                .contains("<img src=\"/ann/bert/resolve/main/b.png?x=1#f\" alt=\"up\">")
                .contains("<a href=\"/ann/bert/resolve/main/config.json\" rel=\"nofollow noopener\">config</a>")
                .contains("<a href=\"#usage\"").contains("<a href=\"/ann/other\"").contains("<a href=\"https://example.org/x\"")
                .contains("<a href=\"/ann/bert/resolve/main/a%20b.txt\"")
                .doesNotContain("javascript").doesNotContain("data:").doesNotContain("evil.example");
        assertThat(Markdown.toSafeHtml("![p](images/plot.png)")).as("without a repository a relative image is dropped").doesNotContain("<img");
    }

    @Test
    void frontMatterIsCutFromTheBody() {
        assertThat(Markdown.withoutFrontMatter("---\nlicense: mit\n---\n# Title\n")).isEqualTo("# Title\n");
        assertThat(Markdown.withoutFrontMatter("# No front matter\n")).isEqualTo("# No front matter\n");
        assertThat(Markdown.withoutFrontMatter("---\nunclosed\n")).isEqualTo("---\nunclosed\n");
    }
}
