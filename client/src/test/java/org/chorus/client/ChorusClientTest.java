package org.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.chorus.client.Models.CreatedToken;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChorusClientTest {
    @TempDir
    Path dir;
    ServerFixture server;
    ChorusClient admin;

    @BeforeEach
    void start() {
        server = ServerFixture.sqlite(dir);
        admin = ChorusClient.connect(server.url(), ServerFixture.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsUsersOrgsAndTokensThatAuthenticate() {
        admin.createUser("alice", "Alice A.", "alice@example.org", false);
        CreatedToken token = admin.createToken("alice", "laptop", "write");
        ChorusClient alice = ChorusClient.connect(server.url(), token.secret());

        alice.createOrg("lab", "The Lab");

        assertThat(alice.whoAmI().name()).isEqualTo("alice");
        assertThat(alice.whoAmI().fullname()).isEqualTo("Alice A.");
        assertThat(alice.whoAmI().orgs()).containsExactly("lab");
        assertThat(alice.whoAmI().tokenRole()).isEqualTo("write");
        assertThat(alice.listTokens("alice")).extracting(Models.Token::name).containsExactly("laptop");
    }

    @Test
    void revokedTokensStopWorking() {
        CreatedToken token = admin.createToken("admin", "temp", "read");

        admin.revokeToken("admin", token.info().id());

        ChorusClient revoked = ChorusClient.connect(server.url(), token.secret());
        assertThatThrownBy(revoked::whoAmI).isInstanceOfSatisfying(ChorusClientException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("invalid or revoked");
        });
    }

    @Test
    void serverErrorsCarryStatusAndCode() {
        admin.createUser("bob", null, null, false);

        assertThatThrownBy(() -> admin.createUser("bob", null, null, false))
                .isInstanceOfSatisfying(ChorusClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo("AlreadyExists");
                });
    }

    @Test
    void unreachableServerIsReportedWithItsAddress() {
        ChorusClient nowhere = ChorusClient.connect("http://127.0.0.1:1", null);

        assertThatThrownBy(nowhere::whoAmI).isInstanceOf(ChorusClientException.class).hasMessageContaining("cannot reach Chorus at http://127.0.0.1:1")
                .hasMessageContaining("connection refused").hasMessageNotContaining("null");
    }
}
