package org.chorus.cli;

import org.chorus.client.Models.WhoAmI;
import picocli.CommandLine.Command;

@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Shows who the current token belongs to, on which server, and where the token came from.")
final class WhoAmICommand extends ClientCommand {
    @Override
    public Integer call() {
        WhoAmI me = client().whoAmI();
        context.out().println(me.name() + (me.orgs().isEmpty() ? "" : "  orgs: " + String.join(", ", me.orgs()))
                + "  (token '" + me.tokenName() + "', " + me.tokenRole() + ")");
        context.out().println("server " + connection.url() + (connection.tokenSource() == null ? "" : ", token from " + connection.tokenSource()));
        return 0;
    }
}
