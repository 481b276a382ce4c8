package org.chorus.cli;

import java.util.concurrent.Callable;
import org.chorus.client.Models.WhoAmI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Shows who the current token belongs to.")
final class WhoAmICommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ClientOptions server;

    WhoAmICommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        WhoAmI me = server.client(context).whoAmI();
        context.out().println(me.name() + (me.orgs().isEmpty() ? "" : "  orgs: " + String.join(", ", me.orgs()))
                + "  (token '" + me.tokenName() + "', " + me.tokenRole() + ")");
        return 0;
    }
}
