package org.chorus.hub.accounts;

import java.util.Locale;
import java.util.Set;
import org.chorus.core.ChorusException;

/**
 * The first path segments of the site's own URLs ({@code /models}, {@code /api}, {@code /login}, …). Pages address a
 * user or an organisation as {@code /{name}}, so an account given one of these names would have pages and repository
 * URLs that answer something else: such names are refused for new accounts (in any case), and the pages never read
 * them as an owner.
 */
public final class ReservedNames {
    public static final Set<String> SITE_PATHS = Set.of("api", "assets", "datasets", "models", "spaces", "login", "logout",
            "settings", "new", "xet-cas", "metrics", "health", "ajax-api", "static-files", "organizations", "avatars",
            "search", "explore", "experiments", "registry", "federations", "federated", "competitions");

    private ReservedNames() {}

    static void requireFree(String what, String name) {
        if (SITE_PATHS.contains(name.toLowerCase(Locale.ROOT))) {
            throw ChorusException.invalid(what + " '" + name + "' is a path of the site's own pages; choose another");
        }
    }
}
