package org.chorus.server.web.account;

import org.chorus.server.web.Shell;

/** The sign-in form: where to go afterwards, the name typed so far, and the error to show next to the fields (or null). */
public record LoginPage(Shell shell, String next, String username, String error) {}
