package org.chorus.cli;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test that drives the CLI as the admin of its own fresh SQLite server (one per test). */
abstract class ServerCliTest {
    @TempDir
    Path dir;
    ServerFixture server;
    ServerCli cli;

    @BeforeEach
    void startServer() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        cli = new ServerCli(dir.resolve("home"), server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Runs a command that must succeed; returns what it printed. */
    String ok(String... args) {
        return cli.ok(args);
    }
}
