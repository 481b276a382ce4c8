package org.chorus.cli;

import picocli.CommandLine.Option;

/** Options every command that talks to a server shares; {@link Connection} says what their defaults are. */
final class ClientOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "Chorus server (default: the profile's; else CHORUS_URL or HF_ENDPOINT; else " + Connection.DEFAULT_URL + ").")
    String url;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A login saved by chorus login (default: CHORUS_PROFILE, else the one for --url, else the active one).")
    String profile;

    Connection connection(CliContext context) {
        return Connection.resolve(context, url, profile);
    }
}
