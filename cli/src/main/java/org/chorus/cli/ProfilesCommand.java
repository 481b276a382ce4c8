package org.chorus.cli;

import org.chorus.cli.Profiles.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "Lists the logins saved in ~/.chorus/config; '*' marks the active one. 'profiles use NAME' switches.",
        subcommands = ProfilesCommand.Use.class)
final class ProfilesCommand extends CliCommand {
    @Override
    public Integer call() {
        Profiles profiles = Profiles.load(context.chorusHome());
        if (profiles.all().isEmpty()) {
            context.out().println("No saved logins: chorus login --url URL --token hf_... saves one.");
        }
        String active = profiles.active().map(Profile::name).orElse("");
        for (Profile p : profiles.all()) {
            context.out().printf("%s %-20s %s%s%n", p.name().equals(active) ? "*" : " ", p.name(), p.url(),
                    p.token() == null ? "  (no token)" : "");
        }
        return 0;
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Makes a saved login the active one.")
    static final class Use extends CliCommand {
        @Parameters(paramLabel = "NAME", description = "The profile's name, as chorus profiles lists it.")
        String name;

        @Override
        public Integer call() {
            Profiles profiles = Profiles.load(context.chorusHome());
            profiles.activate(name);
            profiles.save();
            Profile p = profiles.active().orElseThrow();
            context.out().println("Active profile: " + p.name() + " (" + p.url() + ")");
            return 0;
        }
    }
}
