package org.chorus.cli;

import java.util.concurrent.Callable;
import org.chorus.client.Models.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Manages users (site admins only).",
        subcommands = UsersCommand.Create.class)
final class UsersCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a user.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ClientOptions server;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--fullname")
        String fullname;

        @Option(names = "--email")
        String email;

        @Option(names = "--site-admin", description = "Make the user a site admin.")
        boolean siteAdmin;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Account a = server.client(context).createUser(name, fullname, email, siteAdmin);
            context.out().println("Created user " + a.name() + " (id " + a.id() + ")" + (a.siteAdmin() ? ", site admin" : ""));
            return 0;
        }
    }
}
