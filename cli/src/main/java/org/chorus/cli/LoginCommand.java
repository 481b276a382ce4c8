package org.chorus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.chorus.client.ChorusClient;
import org.chorus.client.Models.WhoAmI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Checks a token against the server and stores it in ~/.chorus/token (CHORUS_HOME overrides ~/.chorus).")
final class LoginCommand extends ClientCommand {
    @Option(names = "--token", paramLabel = "hf_...", description = "The token; read from standard input when absent.")
    String token;

    @Override
    public Integer call() {
        String secret = token != null ? token : readToken();
        if (secret == null || secret.isBlank()) {
            context.err().println("error: no token given");
            return 2;
        }
        WhoAmI me = ChorusClient.connect(server.url, secret.strip()).whoAmI();
        Credentials credentials = new Credentials(context);
        credentials.store(secret.strip());
        context.out().println("Logged in to " + server.url + " as " + me.name() + " (token '" + me.tokenName() + "', "
                + me.tokenRole() + "). Token saved to " + credentials.file());
        return 0;
    }

    private String readToken() {
        if (context.terminal()) {
            char[] chars = System.console().readPassword("Token: ");
            return chars == null ? null : new String(chars);
        }
        context.out().print("Token: ");
        context.out().flush();
        try {
            return context.in().readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
