package org.chorus.hub.accounts;

/** A user's role in an organisation. */
public record Membership(Account org, Account user, Role role) {}
