package org.chorus.cli;

import org.chorus.client.ChorusClient;
import picocli.CommandLine.Option;

/** Options every command that talks to a server shares. */
final class ClientOptions {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CHORUS_URL:-http://localhost:8080}",
            description = "Chorus server (env CHORUS_URL; default: ${DEFAULT-VALUE}).")
    String url;

    ChorusClient client(CliContext context) {
        return ChorusClient.connect(url, new Credentials(context).token().orElse(null));
    }
}
