package org.chorus.server.web;

/** The error page: status, a headline and a sentence; the request id is shown on server errors so reports can be traced. */
public record ErrorPage(Shell shell, int status, String headline, String message, String requestId) {}
