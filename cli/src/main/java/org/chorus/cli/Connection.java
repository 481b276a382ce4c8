package org.chorus.cli;

import java.util.Optional;
import org.chorus.cli.Profiles.Profile;
import org.chorus.client.ChorusClient;

/**
 * Where a command's requests go, with which token, and where both came from: whoami shows it, and error messages name
 * the command that fixes a refusal.
 */
record Connection(String url, String token, String tokenSource, String profile) {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /**
     * The server: {@code --url}, else the named profile's, else CHORUS_URL or HF_ENDPOINT, else the active profile's,
     * else {@value #DEFAULT_URL}.
     */
    static String url(CliContext context, Profiles profiles, String urlOption, Optional<Profile> named) {
        String url = first(urlOption, named.map(Profile::url).orElse(null), context.env().get("CHORUS_URL"),
                context.env().get("HF_ENDPOINT"), profiles.active().map(Profile::url).orElse(null));
        return Profiles.normalize(url != null ? url : DEFAULT_URL);
    }

    /**
     * The server as {@link #url} picks it, and the token: CHORUS_TOKEN, else HF_TOKEN, else the one saved for that
     * server (the named profile's, or a profile with that URL), so a token never goes to a server it was not saved for.
     */
    static Connection resolve(CliContext context, String urlOption, String profileOption) {
        Profiles profiles = Profiles.load(context.chorusHome());
        String name = profileName(context, profileOption);
        Optional<Profile> named = Optional.empty();
        if (name != null) {
            named = Optional.of(profiles.get(name).orElseThrow(() -> new IllegalArgumentException("no profile '" + name
                    + "' in " + profiles.file() + profiles.names() + ": create it with chorus login --profile " + name
                    + " --url URL --token hf_...")));
        }
        String url = url(context, profiles, urlOption, named);
        Optional<Profile> saved = named.isPresent() ? named : profiles.forUrl(url);
        for (String variable : new String[] {"CHORUS_TOKEN", "HF_TOKEN"}) {
            String v = context.env().get(variable);
            if (v != null && !v.isBlank()) {
                return new Connection(url, v.strip(), variable, saved.map(Profile::name).orElse(null));
            }
        }
        return new Connection(url, saved.map(Profile::token).orElse(null),
                saved.map(p -> "profile '" + p.name() + "'").orElse(null), saved.map(Profile::name).orElse(null));
    }

    /** {@code --profile}, else CHORUS_PROFILE; null when neither names one. */
    static String profileName(CliContext context, String profileOption) {
        String name = first(profileOption, context.env().get("CHORUS_PROFILE"));
        return name == null ? null : Profiles.checkName(name);
    }

    ChorusClient client() {
        return ChorusClient.connect(url, token);
    }

    /** The command that logs in to this server again. */
    String loginCommand() {
        return "chorus login --url " + url + (profile == null ? "" : " --profile " + profile) + " --token hf_...";
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
