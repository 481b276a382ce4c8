package org.chorus.server.web;

import io.javalin.http.Context;

/** A page: parse the request, check access, call domain services, render a view. Errors it throws become error pages. */
@FunctionalInterface
public interface PageHandler {
    void handle(Context ctx) throws Exception;
}
