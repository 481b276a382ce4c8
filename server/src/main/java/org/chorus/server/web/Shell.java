package org.chorus.server.web;

/**
 * What the layout ({@code layout/page.jte}) needs on every page: the title, the signed-in user's name (null when
 * anonymous), the CSRF token forms post back, and the search box's current text.
 */
public record Shell(String title, String user, String csrf, String search) {
    public boolean signedIn() {
        return user != null;
    }
}
