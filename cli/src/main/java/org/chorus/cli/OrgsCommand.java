package org.chorus.cli;

import org.chorus.client.Models.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "orgs", mixinStandardHelpOptions = true, description = "Manages organisations and their members.",
        subcommands = {OrgsCommand.Create.class, OrgsCommand.ListOrgs.class, OrgsCommand.Members.class, OrgsCommand.AddMember.class,
                OrgsCommand.RemoveMember.class})
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists organisations by name.")
    static final class ListOrgs extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return table(output, client().orgs(limit), a -> row(a.name(), a.fullname()), "NAME", "FULL NAME");
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "Lists an organisation's members and their roles.")
    static final class Members extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Parameters(paramLabel = "ORG", description = "The organisation.")
        String org;

        @Override
        public Integer call() {
            return table(output, client().members(org), m -> row(m.user(), m.role()), "USER", "ROLE");
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

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = "Removes a user from an organisation (its last admin stays: make another admin first).")
    static final class RemoveMember extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ORG", description = "The organisation.")
        String org;

        @Parameters(index = "1", paramLabel = "USER", description = "The member to remove.")
        String user;

        @Override
        public Integer call() {
            client().removeMember(org, user);
            context.out().println(user + " is no longer a member of " + org);
            return 0;
        }
    }
}
