package org.chorus.server.web.hub;

import org.chorus.server.web.Shell;

/**
 * The repository page's card tab: header, sanitized card HTML (null when the repository has no README.md), metadata,
 * and the side panels (downloads chart, like button, snippets, model tree).
 */
public record CardView(Shell shell, RepoHeader header, String cardHtml, CardMetadata metadata, String cloneUrl, CardExtras extras) {}
