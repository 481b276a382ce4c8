package org.chorus.server.hf.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.Test;

class XetTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void tokenCarriesItsRepositoryAndModeUntilItExpires() {
        XetTokens tokens = new XetTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));
        String write = tokens.issue("repo1", true, tokens.expiry());

        XetTokens.Scope scope = tokens.verify("Bearer " + write);

        assertThat(scope).isEqualTo(new XetTokens.Scope("repo1", true, NOW.getEpochSecond() + XetTokens.TOKEN_SECONDS));
        assertThat(tokens.verify("Bearer " + tokens.issue("repo1", false, tokens.expiry())).write()).isFalse();
        XetTokens later = new XetTokens(KEY, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify("Bearer " + write)).extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void forgedOrForeignTokensAreRefused() {
        XetTokens tokens = new XetTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));
        XetTokens otherServer = new XetTokens("another key, another server....".getBytes(), Clock.fixed(NOW, ZoneOffset.UTC));
        String read = tokens.issue("repo1", false, tokens.expiry());
        String body = read.substring("xet1.".length(), read.lastIndexOf('.'));
        String upgraded = "xet1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("w|repo1|" + tokens.expiry()).getBytes()) + read.substring(read.lastIndexOf('.'));

        for (String bad : new String[] {null, "", "Bearer hf_abc", "Bearer xet1.", "Bearer xet1." + body, "Bearer " + upgraded,
                "Bearer " + otherServer.issue("repo1", true, tokens.expiry()), "Basic " + read}) {
            assertThatThrownBy(() -> tokens.verify(bad)).as(String.valueOf(bad))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }
}
