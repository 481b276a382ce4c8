package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The competition pages in Chromium, as people use them: a host creates a competition from the form and uploads
 * its solution; a participant on a phone (375 px) accepts the rules, creates a team, uploads a CSV, sees it scored
 * and on the leaderboard and selects it for the final; the host watches the scoring jobs, closes the competition and
 * sees the private leaderboard with the shake-up. axe-core finds nothing on any page.
 */
class ArenaScenariosTest extends BrowserScenarios {
    static final int ROWS = 100;
    static final String[] TRUTH = new String[ROWS];
    static String bob;
    static Path solution;
    static Path good;
    static Path weak;

    @BeforeAll
    static void start() throws IOException {
        server = ServerFixture.sqlite(dir);
        WebFixtures.user(server, "hostess");
        WebFixtures.user(server, "alice");
        bob = WebFixtures.user(server, "bob");
        Random random = new Random(3);
        StringBuilder s = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            TRUTH[i] = random.nextBoolean() ? "1" : "0";
            s.append('c').append(i).append(',').append(TRUTH[i]).append('\n');
        }
        solution = Files.writeString(dir.resolve("solution.csv"), s);
        good = Files.writeString(dir.resolve("good.csv"), predictions(i -> i % 4 != 0));
        weak = Files.writeString(dir.resolve("weak.csv"), predictions(i -> i % 4 == 2));
        openBrowser();
    }

    static String predictions(IntPredicate right) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append('c').append(i).append(',').append(right.test(i) ? TRUTH[i] : TRUTH[i].equals("1") ? "0" : "1").append('\n');
        }
        return csv.toString();
    }

    @Test
    void aHostRunsACompetitionAndAParticipantTakesPartFromAPhone() throws IOException {
        Page host = browser.signIn("hostess", WebFixtures.PASSWORD, "/competitions", 1280);
        host.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Host a competition")).click();
        browser.assertAccessible(host);
        host.getByLabel("Name (in the address)").fill("coins");
        host.getByLabel("Title").fill("Coins");
        host.getByLabel("Description (markdown)").fill("Guess **heads** or tails.");
        host.getByLabel("Rules (markdown; participants accept them before submitting)").fill("One account each.");
        host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create the competition")).click();
        assertThat(host).hasURL(Pattern.compile("/competitions/coins/host$"));
        host.locator("#solution-file").setInputFiles(solution);
        host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload the solution")).click();
        assertThat(host.locator("#solution-state")).containsText("100 rows");
        browser.assertAccessible(host);

        Page phone = browser.signIn("alice", WebFixtures.PASSWORD, "/competitions", 375);
        phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Coins")).click();
        assertThat(phone.locator(".markdown strong")).hasText("heads");
        phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Rules").setExact(true)).click();
        phone.getByLabel("Team name (empty: your user name)").fill("heads");
        phone.getByLabel("I accept the rules above").check();
        phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept the rules and join")).click();
        assertThat(phone).hasURL(Pattern.compile("/competitions/coins/team$"));
        assertThat(phone.locator("#team-title")).hasText("Team heads");
        browser.assertAccessible(phone);
        phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Submissions")).click();
        phone.locator("#submit-file").setInputFiles(good);
        phone.getByLabel("Message").fill("three in four");
        phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
        assertThat(phone.locator("#submissions tbody tr")).hasCount(1);
        assertThat(phone.locator("#submissions")).containsText("scored");
        phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Select for final")).click();
        assertThat(phone.locator("#submissions .badge")).hasText("selected");
        assertThat(phone.locator("#selection-help")).containsText("1 of at most 2");
        browser.assertAccessible(phone);
        assertThat(phone.evaluate("() => document.documentElement.scrollWidth")).as("nothing wider than the phone").isEqualTo(375);
        browser.screenshot(phone, "arena-submissions-375");

        HttpResponse<String> joined = server.send("POST", "/api/chorus/competitions/coins/join", bob, "{\"acceptRules\":true}");
        assertThat(joined.statusCode()).isEqualTo(201);
        HttpResponse<String> weakOne = ServerFixture.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/chorus/competitions/coins/submissions"))
                .header("Authorization", "Bearer " + bob).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(weak)), HttpResponse.BodyHandlers.ofString());
        assertThat(weakOne.statusCode()).isEqualTo(201);
        phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Leaderboard")).click();
        assertThat(phone.locator("#leaderboard tbody tr")).hasCount(2);
        assertThat(phone.locator("#leaderboard tbody tr").first()).containsText("heads");
        assertThat(phone.locator(".score-chart svg")).isVisible();
        browser.assertAccessible(phone);

        host.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Host").setExact(true)).click();
        assertThat(host.locator("#jobs tbody tr")).hasCount(2);
        browser.screenshot(host, "arena-host-1280");
        host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close the competition")).click();
        assertThat(host.locator("#closed-note")).isVisible();
        host.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Leaderboard")).click();
        host.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Private").setExact(true)).click();
        assertThat(host.locator("#board-title")).containsText("Private leaderboard");
        assertThat(host.locator("#leaderboard thead")).containsText("Shake-up");
        assertThat(host.locator("#leaderboard tbody tr").first()).containsText("heads");
        browser.assertAccessible(host);
        browser.screenshot(host, "arena-leaderboard-1280");
        browser.assertOnlyServerRequests();
    }
}
