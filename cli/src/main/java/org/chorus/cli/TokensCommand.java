package org.chorus.cli;

import org.chorus.client.ChorusClient;
import org.chorus.client.Models.CreatedToken;
import org.chorus.client.Models.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manages access tokens (yours, or anyone's for site admins).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand {

    /** The user a token command acts on: --user, else the token's owner. */
    static final class Owner {
        @Option(names = "--user", paramLabel = "NAME", description = "Whose tokens (default: the logged-in user).")
        String user;

        String resolve(ChorusClient client) {
            return user != null ? user : client.whoAmI().name();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints its secret once.")
    static final class Create extends ClientCommand {
        @Mixin
        Owner owner;

        @Parameters(paramLabel = "NAME", description = "A name to recognise the token by.")
        String name;

        @Option(names = "--role", defaultValue = "read", description = "read or write (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() {
            ChorusClient client = client();
            CreatedToken t = client.createToken(owner.resolve(client), name, role);
            context.out().println(t.secret());
            context.err().println("Token '" + t.info().name() + "' (" + t.info().role() + ", id " + t.info().id()
                    + "). Store it now: it is not shown again.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens without their secrets.")
    static final class ListTokens extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Mixin
        Owner owner;

        @Override
        public Integer call() {
            ChorusClient client = client();
            if (output.json) {
                return JsonOutput.print(context.out(), client.listTokens(owner.resolve(client)));
            }
            context.out().printf("%-24s  %-20s  %-5s  %-24s  %-24s  %s%n", "ID", "NAME", "ROLE", "CREATED", "LAST USED", "STATE");
            for (Token t : client.listTokens(owner.resolve(client))) {
                context.out().printf("%-24s  %-20s  %-5s  %-24s  %-24s  %s%n", t.id(), t.name(), t.role(), t.createdAt(),
                        t.lastUsedAt() == null ? "never" : t.lastUsedAt(), t.revokedAt() == null ? "active" : "revoked");
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token by id.")
    static final class Revoke extends ClientCommand {
        @Mixin
        Owner owner;

        @Parameters(paramLabel = "ID", description = "The token's id, as chorus tokens list shows it.")
        String id;

        @Override
        public Integer call() {
            ChorusClient client = client();
            client.revokeToken(owner.resolve(client), id);
            context.out().println("Revoked token " + id);
            return 0;
        }
    }
}
