package org.chorus.cli;

import org.chorus.client.Models.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "orgs", mixinStandardHelpOptions = true, description = "Manages organisations.",
        subcommands = {OrgsCommand.Create.class, OrgsCommand.AddMember.class})
final class OrgsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates an organisation with you as its admin.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The organisation's name, the owner part of its repositories.")
        String name;

        @Option(names = "--fullname", description = "The name shown to people.")
        String fullname;

        @Override
        public Integer call() {
            Account a = client().createOrg(name, fullname);
            context.out().println("Created organisation " + a.name() + " (id " + a.id() + ")");
            return 0;
        }
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Adds a user to an organisation or changes their role.")
    static final class AddMember extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation.")
        String org;

        @Parameters(index = "1", paramLabel = "USER", description = "The user to add.")
        String user;

        @Option(names = "--role", defaultValue = "read", description = "read, write or admin (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() {
            client().setMember(org, user, role);
            context.out().println(user + " is now " + role + " in " + org);
            return 0;
        }
    }
}
