package org.chorus.server.web;

/**
 * What the layout ({@code layout/page.jte}) needs on every page: the title, the signed-in user's name (null when
 * anonymous), the CSRF token forms post back, the search box's current text, and whether the user is a site admin
 * (the header links admin-only sections, such as federations, for them only).
 */
public record Shell(String title, String user, String csrf, String search, boolean siteAdmin) {
    public boolean signedIn() {
        return user != null;
    }
}
