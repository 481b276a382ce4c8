package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.chorus.core.db.TestDatabases;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Test;

class PostgresWebPagesTest extends WebPagesContract {
    String database;

    @Override
    ServerFixture start(Path dataDir) {
        database = TestDatabases.freshPostgresUrl();
        return ServerFixture.node(dataDir, database);
    }

    /** Two nodes on one database: a sign-in on one is a sign-in on the other, and a sign-out on either ends it on both. */
    @Test
    void sessionsAreSharedByNodesOnOneDatabase() {
        try (ServerFixture second = ServerFixture.node(dir.resolve("server"), database)) {
            WebClient onFirst = browser();
            onFirst.signIn("ann", WebFixtures.PASSWORD);
            WebClient onSecond = new WebClient(second.url());
            onSecond.cookies.putAll(onFirst.cookies);
            assertThat(onSecond.get("/").body()).contains("Account menu for ann");
            assertThat(onSecond.get("/ann/secret").statusCode()).isEqualTo(200);
            assertThat(onSecond.post("/logout", Map.of("_csrf", onSecond.csrf("/"))).statusCode()).as("CSRF token known on both").isEqualTo(303);
            assertThat(onFirst.get("/").body()).contains(">Sign in<");
        }
    }
}
