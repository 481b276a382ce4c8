package org.chorus.hub.accounts;

/** A new browser session: the cookie secret (shown to the browser once, stored only as its SHA-256) and the session. */
public record IssuedSession(String secret, WebSession session) {}
