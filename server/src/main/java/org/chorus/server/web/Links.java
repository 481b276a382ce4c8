package org.chorus.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.chorus.hub.repos.RepoId;

/** Every URL a page links to, built in one place; templates and handlers never assemble paths themselves. */
public final class Links {
    private Links() {}

    public static String home() {
        return "/";
    }

    public static String login() {
        return "/login";
    }

    public static String loginThen(String next) {
        return "/login?next=" + query(next);
    }

    public static String logout() {
        return "/logout";
    }

    public static String models() {
        return "/models";
    }

    public static String datasets() {
        return "/datasets";
    }

    public static String search(String text) {
        return "/models?search=" + query(text);
    }

    /** The repository's page: {@code /owner/name} for models, {@code /datasets/owner/name} for datasets. */
    public static String repo(RepoId id) {
        return "/" + id.type().urlPrefix() + id.fullName();
    }

    /** A tab of the repository page ({@code tree/main}, {@code commits/main}, {@code settings}). */
    public static String repoTab(RepoId id, String tab) {
        return repo(id) + "/" + tab;
    }

    public static String owner(String name) {
        return "/" + name;
    }

    /** A model list filtered by one tag, as the metadata panel links them. */
    public static String modelsWith(String filter) {
        return "/models?other=" + query(filter);
    }

    public static String datasetPage(String fullName) {
        return "/datasets/" + fullName;
    }

    public static String modelPage(String fullName) {
        return "/" + fullName;
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
