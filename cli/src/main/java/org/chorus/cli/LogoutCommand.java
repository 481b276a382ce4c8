package org.chorus.cli;

import java.util.Optional;
import org.chorus.cli.Profiles.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Forgets a saved login: the profile for the current server (or --profile NAME) leaves ~/.chorus/config.",
                "The token itself stays valid until revoked with chorus tokens revoke ID."})
final class LogoutCommand extends CliCommand {
    @Mixin
    ClientOptions server;

    @Override
    public Integer call() {
        Profiles profiles = Profiles.load(context.chorusHome());
        String named = Connection.profileName(context, server.profile);
        Optional<Profile> found = named != null ? profiles.get(named)
                : profiles.forUrl(Connection.url(context, profiles, server.url, Optional.empty()));
        if (found.isEmpty()) {
            context.err().println("error: not logged in" + (named != null ? " as profile '" + named + "'"
                    : " to " + Connection.url(context, profiles, server.url, Optional.empty())) + profiles.names());
            return 1;
        }
        profiles.remove(found.get().name());
        profiles.save();
        context.out().println("Logged out of " + found.get().url() + ": profile '" + found.get().name() + "' removed from "
                + profiles.file() + ". The token stays valid until revoked (chorus tokens revoke ID).");
        for (String variable : new String[] {"CHORUS_TOKEN", "HF_TOKEN"}) {
            if (context.env().get(variable) != null) {
                context.out().println("Note: " + variable + " is still set in this environment and is used before any profile.");
            }
        }
        return 0;
    }
}
