package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.HubTestBed.assertCode;
import static org.chorus.hub.repos.HubTestBed.file;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heatmaps and feeds count the recorded commits of repositories the caller may read. */
abstract class ActivityContract {
    @TempDir
    Path dir;
    HubTestBed bed;
    Activity activity;
    Principal alice;
    Principal bob;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        bed = new HubTestBed(newDatabase(dir), dir);
        activity = Activity.create(bed.db, bed.clock);
        alice = bed.user("alice", Role.WRITE);
        bob = bed.user("bob", Role.WRITE);
        bed.accounts.createOrg(bed.admin, "lab", "Lab");
        bed.accounts.setMembership(bed.admin, "lab", "alice", Role.WRITE);
    }

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void heatmapsCountCommitsPerDayByAuthorAndByOrganisation() {
        Repo open = bed.repos.create(alice, RepoId.of(RepoType.MODEL, "lab", "open"), false);
        Repo hidden = bed.model(alice, "hidden", true);
        bed.commit(alice, open, file("a", "1"));
        bed.commit(alice, hidden, file("a", "1"));
        bed.clock.advance(Duration.ofDays(2));
        bed.commit(alice, open, file("a", "2"));
        bed.commit(alice, open, file("a", "3"));

        var own = activity.commitsPerDay(Optional.of(alice), "alice", 7);
        var seenByBob = activity.commitsPerDay(Optional.of(bob), "alice", 7);
        var lab = activity.commitsPerDay(Optional.empty(), "lab", 7);

        // creating a repository makes its initial commit, authored by its creator
        assertThat(own.getLast().count()).isEqualTo(2);
        assertThat(own.get(4).count()).isEqualTo(4);
        assertThat(seenByBob.get(4).count()).isEqualTo(2);
        assertThat(lab.getLast().count()).isEqualTo(2);
        assertThat(lab.get(4).count()).isEqualTo(2);
        assertThat(own).hasSize(7);
        assertCode(ErrorCode.NOT_FOUND, () -> activity.commitsPerDay(Optional.empty(), "nobody", 7));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> activity.commitsPerDay(Optional.empty(), "alice", 0));
    }

    @Test
    void organisationsByWeekCountCommitsToTheirVisibleRepositories() {
        bed.accounts.createOrg(bed.admin, "crew", "Crew");
        bed.accounts.setMembership(bed.admin, "crew", "bob", Role.WRITE);
        Repo open = bed.repos.create(alice, RepoId.of(RepoType.MODEL, "lab", "open"), false);
        Repo hidden = bed.repos.create(alice, RepoId.of(RepoType.MODEL, "lab", "hidden"), true);
        Repo crew = bed.repos.create(bob, RepoId.of(RepoType.MODEL, "crew", "tool"), false);
        bed.model(alice, "own", false); // a user's repository: not an organisation's row
        bed.commit(alice, hidden, file("a", "1"));
        bed.commit(alice, hidden, file("a", "2"));
        bed.clock.advance(Duration.ofDays(7));
        bed.commit(alice, open, file("a", "1"));
        bed.commit(bob, crew, file("a", "1"));

        var anonymous = activity.commitsPerWeekByOrganization(Optional.empty(), 4, 10);
        // the clock's day is a Tuesday: the first of 4 weeks starts on the Monday three weeks before this one's
        var today = java.time.LocalDate.ofInstant(bed.clock.instant(), ZoneOffset.UTC);
        assertThat(anonymous.firstWeek()).isEqualTo(today.minusDays(today.getDayOfWeek().getValue() - 1).minusWeeks(3));
        assertThat(anonymous.rows()).containsExactly(new Activity.OrgWeek("crew", 2, List.of(0L, 0L, 1L, 1L)),
                new Activity.OrgWeek("lab", 2, List.of(0L, 0L, 1L, 1L)));
        var member = activity.commitsPerWeekByOrganization(Optional.of(alice), 4, 10);
        assertThat(member.rows()).containsExactly(new Activity.OrgWeek("lab", 5, List.of(0L, 0L, 4L, 1L)),
                new Activity.OrgWeek("crew", 2, List.of(0L, 0L, 1L, 1L)));
        assertThat(activity.commitsPerWeekByOrganization(Optional.of(alice), 1, 1).rows())
                .containsExactly(new Activity.OrgWeek("crew", 1, List.of(1L)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> activity.commitsPerWeekByOrganization(Optional.empty(), 0, 10));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> activity.commitsPerWeekByOrganization(Optional.empty(), 54, 10));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> activity.commitsPerWeekByOrganization(Optional.empty(), 4, 101));
    }

    @Test
    void theFeedShowsRecentCommitsOnVisibleRepositoriesNewestFirst() {
        Repo open = bed.model(alice, "open", false);
        Repo hidden = bed.model(alice, "hidden", true);
        Repo bobs = bed.model(bob, "b", false);
        bed.clock.advance(Duration.ofMinutes(1));
        String first = bed.commit(alice, open, file("a", "1"));
        bed.clock.advance(Duration.ofMinutes(1));
        String secret = bed.commit(alice, hidden, file("a", "1"));
        bed.clock.advance(Duration.ofMinutes(1));
        String last = bed.commit(bob, bobs, file("b", "1"));

        var forBob = activity.feed(Optional.of(bob), Optional.empty(), 0, 2);
        var forAlice = activity.feed(Optional.of(alice), Optional.of("alice"), 0, 10);

        assertThat(forBob.items()).extracting(Activity.Event::sha).containsExactly(last, first);
        assertThat(forBob.hasMore()).isTrue();
        assertThat(forBob.items().getFirst().author()).isEqualTo("bob");
        assertThat(forBob.items().getFirst().repo().fullName()).isEqualTo("bob/b");
        assertThat(forAlice.items()).extracting(Activity.Event::sha).startsWith(secret, first).doesNotContain(last);
    }

    @Test
    void pushedCommitsAreAttributedByEmail() {
        bed.accounts.createUser(bed.admin, "carol", null, "Carol@Example.com", false);
        Repo repo = bed.model(alice, "m", false);
        Instant when = bed.clock.instant();
        try (Repository git = bed.repos.openGit(repo)) {
            ObjectId head = git.resolve("refs/heads/main");
            GitWrites.commit(git, "main", head, new CommitRequest("main", "from a laptop", null, null, List.of(file("x", "1"))),
                    new PersonIdent("Carol C", "carol@example.com", when, ZoneOffset.UTC));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        bed.repos.refsChanged(repo);

        var event = activity.feed(Optional.empty(), Optional.of("carol"), 0, 10).items();

        assertThat(event).hasSize(1);
        assertThat(event.getFirst().title()).isEqualTo("from a laptop");
        assertThat(event.getFirst().authorName()).isEqualTo("Carol C");
        assertThat(activity.commitsPerDay(Optional.empty(), "carol", 1).getFirst().count()).isEqualTo(1);
    }
}
