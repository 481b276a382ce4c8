package org.chorus.server.web.hub;

/** One step of a breadcrumb trail: the repository, then each directory; the last one is the page itself. */
public record Crumb(String label, String href, boolean current) {}
