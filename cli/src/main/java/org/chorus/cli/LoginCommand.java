package org.chorus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import org.chorus.cli.Profiles.Profile;
import org.chorus.client.Models.WhoAmI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Checks a token against a server and saves both as the active profile in ~/.chorus/config"
                + " (CHORUS_HOME overrides ~/.chorus), so later commands need neither --url nor a token.",
                "Log in to several servers, or as several users, with --profile NAME; switch with chorus profiles use NAME."})
final class LoginCommand extends ClientCommand {
    @Option(names = "--token", paramLabel = "hf_...", description = "The token; read from standard input when absent.")
    String token;

    @Override
    public Integer call() {
        String secret = token != null ? token : readToken();
        if (secret == null || secret.isBlank()) {
            context.err().println("error: no token given: pass --token hf_... or type it when asked");
            return 2;
        }
        Profiles profiles = Profiles.load(context.chorusHome());
        String named = Connection.profileName(context, server.profile);
        String url = Connection.url(context, profiles, server.url, named == null ? Optional.empty() : profiles.get(named));
        String name = named != null ? named : profiles.forUrl(url).map(Profile::name).orElseGet(() -> freshName(profiles, url));
        connection = new Connection(url, secret.strip(), "--token", name);
        WhoAmI me = connection.client().whoAmI();
        profiles.put(new Profile(name, url, secret.strip()));
        profiles.activate(name);
        profiles.save();
        context.out().println("Logged in to " + url + " as " + me.name() + " (token '" + me.tokenName() + "', "
                + me.tokenRole() + "). Saved as profile '" + name + "' in " + profiles.file() + ".");
        return 0;
    }

    /** "default" for the first server, then host-port, so each server gets its own profile. */
    private static String freshName(Profiles profiles, String url) {
        if (profiles.get("default").isEmpty()) {
            return "default";
        }
        URI u = URI.create(url);
        String name = (u.getHost() + (u.getPort() < 0 ? "" : "-" + u.getPort())).replaceAll("[^A-Za-z0-9._-]", "-");
        return Profiles.checkName(name.replaceFirst("^[^A-Za-z0-9]+", ""));
    }

    private String readToken() {
        if (context.terminal()) {
            char[] chars = System.console().readPassword("Token: ");
            return chars == null ? null : new String(chars);
        }
        context.out().print("Token: ");
        context.out().flush();
        try {
            return context.in().readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
