package org.chorus.cli;

import java.io.IOException;
import org.chorus.client.Models.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Creates users (site admins only) and lists them.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class})
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

        @Option(names = "--password-stdin", description = "Read a web sign-in password (8+ characters) from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            String password = null;
            if (passwordStdin) {
                password = context.in().readLine();
                if (password == null || password.isEmpty()) {
                    context.err().println("--password-stdin: standard input held no password");
                    return 2;
                }
            }
            Account a = client().createUser(name, fullname, email, siteAdmin, password);
            context.out().println("Created user " + a.name() + " (id " + a.id() + ")" + (a.siteAdmin() ? ", site admin" : ""));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users by name.")
    static final class ListUsers extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return table(output, client().users(limit), a -> row(a.name(), a.fullname(), a.siteAdmin() ? "yes" : ""), "NAME", "FULL NAME", "SITE ADMIN");
        }
    }
}
