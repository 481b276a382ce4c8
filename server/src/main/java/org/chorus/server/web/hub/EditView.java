package org.chorus.server.web.hub;

import org.chorus.server.web.Shell;

/** The file editor: the form's state, where it posts, and where its preview comes from. */
public record EditView(Shell shell, RepoHeader header, Form form, String action, String previewUrl) {
    /** The edited file on {@code branch}, the commit it was read at ({@code parent}, empty for a new repository), and an error to show. */
    public record Form(String branch, String path, String content, String parent, String summary, String error) {}

    /** The rendered preview fragment (sanitized HTML from Markdown.toSafeHtml). */
    public record Preview(String html) {}
}
