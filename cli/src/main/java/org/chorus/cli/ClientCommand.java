package org.chorus.cli;

import org.chorus.client.ChorusClient;
import picocli.CommandLine.Mixin;

/** A command that talks to a server, chosen and authenticated as {@link Connection} says. */
abstract class ClientCommand extends CliCommand {
    @Mixin
    ClientOptions server;

    /** Where the requests went, once the command has connected; {@link Errors} words refusals with it. */
    Connection connection;

    ChorusClient client() {
        connection = server.connection(context);
        return connection.client();
    }
}
