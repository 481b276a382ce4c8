package org.chorus.cli;

import org.chorus.client.Models.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Manages users (site admins only).",
        subcommands = UsersCommand.Create.class)
final class UsersCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a user.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The user name (letters, digits, '-', '_', '.').")
        String name;

        @Option(names = "--fullname", description = "The name shown to people.")
        String fullname;

        @Option(names = "--email", description = "Contact address, shown to site admins.")
        String email;

        @Option(names = "--site-admin", description = "Make the user a site admin.")
        boolean siteAdmin;

        @Override
        public Integer call() {
            Account a = client().createUser(name, fullname, email, siteAdmin);
            context.out().println("Created user " + a.name() + " (id " + a.id() + ")" + (a.siteAdmin() ? ", site admin" : ""));
            return 0;
        }
    }
}
