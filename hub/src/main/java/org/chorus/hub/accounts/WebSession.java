package org.chorus.hub.accounts;

/** A signed-in browser: who it is (a principal whose token is the session, never a row of {@code tokens}) and its CSRF token. */
public record WebSession(Principal principal, String csrf) {}
