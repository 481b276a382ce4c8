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
    private static final Duration TTL = Duration.ofMinutes(15);

    @Test
    void tokenCarriesItsRepositoryModeAndMinterUntilItExpires() {
        XetTokens tokens = new XetTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC), TTL);
        String write = tokens.issue("repo1", true, "token1", tokens.expiry());

        XetTokens.Scope scope = tokens.verify("Bearer " + write);

        assertThat(scope).isEqualTo(new XetTokens.Scope("repo1", true, NOW.plus(TTL).getEpochSecond(), "token1"));
        assertThat(tokens.verify("Bearer " + tokens.issue("repo1", false, "", tokens.expiry())))
                .isEqualTo(new XetTokens.Scope("repo1", false, NOW.plus(TTL).getEpochSecond(), ""));
        XetTokens later = new XetTokens(KEY, Clock.fixed(NOW.plus(TTL).plusSeconds(1), ZoneOffset.UTC), TTL);
        assertThatThrownBy(() -> later.verify("Bearer " + write)).extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void forgedOrForeignTokensAreRefused() {
        XetTokens tokens = new XetTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC), TTL);
        XetTokens otherServer = new XetTokens("another key, another server....".getBytes(), Clock.fixed(NOW, ZoneOffset.UTC), TTL);
        String read = tokens.issue("repo1", false, "token1", tokens.expiry());
        String body = read.substring("xet1.".length(), read.lastIndexOf('.'));
        String upgraded = "xet1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("w|repo1|" + tokens.expiry() + "|token1").getBytes()) + read.substring(read.lastIndexOf('.'));
        String otherMinter = "xet1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("r|repo1|" + tokens.expiry() + "|token2").getBytes()) + read.substring(read.lastIndexOf('.'));

        for (String bad : new String[] {null, "", "Bearer hf_abc", "Bearer xet1.", "Bearer xet1." + body, "Bearer " + upgraded,
                "Bearer " + otherMinter, "Bearer " + otherServer.issue("repo1", true, "token1", tokens.expiry()), "Basic " + read}) {
            assertThatThrownBy(() -> tokens.verify(bad)).as(String.valueOf(bad))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }
}
