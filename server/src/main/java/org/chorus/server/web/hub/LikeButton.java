package org.chorus.server.web.hub;

/**
 * The like button (hub/like.jte, also the htmx swap after a click): the form posts {@code like=true|false} to
 * {@code action}, so a repeated click states what it wants instead of flipping twice. Signed out, a sign-in link.
 */
public record LikeButton(String action, String csrf, boolean signedIn, boolean liked, long count, String signIn) {}
