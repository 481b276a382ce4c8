package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {
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
    void frontMatterIsCutFromTheBody() {
        assertThat(Markdown.withoutFrontMatter("---\nlicense: mit\n---\n# Title\n")).isEqualTo("# Title\n");
        assertThat(Markdown.withoutFrontMatter("# No front matter\n")).isEqualTo("# No front matter\n");
        assertThat(Markdown.withoutFrontMatter("---\nunclosed\n")).isEqualTo("---\nunclosed\n");
    }
}
