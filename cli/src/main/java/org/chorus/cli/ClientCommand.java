package org.chorus.cli;

import org.chorus.client.ChorusClient;
import picocli.CommandLine.Mixin;

/** A command that talks to a server with the stored or environment token. */
abstract class ClientCommand extends CliCommand {
    @Mixin
    ClientOptions server;

    ChorusClient client() {
        return server.client(context);
    }
}
