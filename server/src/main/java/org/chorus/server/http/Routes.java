package org.chorus.server.http;

import io.javalin.config.RoutesConfig;

/** A group of endpoints one adapter owns; the server registers every group at start-up. */
public interface Routes {
    void register(RoutesConfig routes);
}
