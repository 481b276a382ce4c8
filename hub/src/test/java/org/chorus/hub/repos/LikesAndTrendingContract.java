package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.HubTestBed.assertCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Likes, downloads per day and the trending score behave the same on every SQL engine. */
abstract class LikesAndTrendingContract {
    @TempDir
    Path dir;
    HubTestBed bed;
    RepoLikes likes;
    DownloadStats downloads;
    Principal alice;
    Principal bob;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        bed = new HubTestBed(newDatabase(dir), dir);
        likes = RepoLikes.create(bed.db, bed.clock);
        downloads = DownloadStats.create(bed.db, bed.clock);
        alice = bed.user("alice", Role.WRITE);
        bob = bed.user("bob", Role.WRITE);
    }

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void concurrentLikesAndUnlikesLeaveTheCountEqualToTheLikesHeld() throws Exception {
        Repo repo = bed.model(alice, "m", false);
        List<Principal> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(bed.user("u" + i, Role.WRITE));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                Principal u = users.get(i);
                boolean keep = i % 2 == 0;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        likes.like(u, repo.repoId(), true);
                        likes.like(u, repo.repoId(), false);
                    }
                    return likes.like(u, repo.repoId(), keep);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(bed.reread(repo).likes()).isEqualTo(3);
        assertThat(likes.likers(Optional.of(alice), repo.repoId(), 0, 100).items()).extracting(RepoLikes.Liker::user)
                .containsExactlyInAnyOrder("u0", "u2", "u4");
    }

    @Test
    void likingTwiceCountsOnceAndReadOnlyTokensCannotLike() {
        Repo repo = bed.model(alice, "m", false);
        Principal reader = bed.user("carol", Role.READ);

        likes.like(bob, repo.repoId(), true);
        long count = likes.like(bob, repo.repoId(), true);

        assertThat(count).isEqualTo(1);
        assertThat(likes.likes(Optional.of(bob), repo)).isTrue();
        assertThat(likes.likes(Optional.of(alice), repo)).isFalse();
        assertThat(likes.likes(Optional.empty(), repo)).isFalse();
        assertCode(ErrorCode.PERMISSION_DENIED, () -> likes.like(reader, repo.repoId(), true));
    }

    @Test
    void likesListsNeverShowARepositoryTheCallerCannotRead() {
        Repo open = bed.model(alice, "open", false);
        Repo secret = bed.model(alice, "secret", true);
        likes.like(alice, open.repoId(), true);
        bed.clock.advance(Duration.ofSeconds(1));
        likes.like(alice, secret.repoId(), true);

        var asAlice = likes.likedBy(Optional.of(alice), "alice", 0, 10).items();
        var asBob = likes.likedBy(Optional.of(bob), "alice", 0, 10).items();
        var anonymous = likes.likedBy(Optional.empty(), "ALICE", 0, 10).items();

        assertThat(asAlice).extracting(l -> l.repo().fullName()).containsExactly("alice/secret", "alice/open");
        assertThat(asBob).extracting(l -> l.repo().fullName()).containsExactly("alice/open");
        assertThat(anonymous).extracting(l -> l.repo().fullName()).containsExactly("alice/open");
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> likes.likers(Optional.of(bob), secret.repoId(), 0, 10));
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> likes.like(bob, secret.repoId(), true));
        assertCode(ErrorCode.NOT_FOUND, () -> likes.likedBy(Optional.empty(), "nobody", 0, 10));
    }

    @Test
    void likedByPagesNewestFirst() {
        for (String name : List.of("a", "b", "c")) {
            likes.like(bob, bed.model(alice, name, false).repoId(), true);
            bed.clock.advance(Duration.ofMinutes(1));
        }

        var first = likes.likedBy(Optional.empty(), "bob", 0, 2);
        var second = likes.likedBy(Optional.empty(), "bob", 2, 2);

        assertThat(first.items()).extracting(l -> l.repo().name()).containsExactly("c", "b");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(l -> l.repo().name()).containsExactly("a");
        assertThat(second.hasMore()).isFalse();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> likes.likedBy(Optional.empty(), "bob", 0, 0));
    }

    @Test
    void downloadsAreCountedPerDayForTheChart() {
        Repo repo = bed.model(alice, "m", false);
        bed.repos.countDownload(repo);
        bed.clock.advance(Duration.ofDays(2));
        bed.repos.countDownload(repo);
        bed.repos.countDownload(repo);

        var series = downloads.daily(repo, 30);

        assertThat(series).hasSize(30);
        assertThat(series.getLast().day()).isEqualTo(java.time.LocalDate.of(2026, 3, 12));
        assertThat(series.getLast().count()).isEqualTo(2);
        assertThat(series.get(28).count()).isZero();
        assertThat(series.get(27).count()).isEqualTo(1);
        assertThat(series.stream().mapToLong(DayCount::count).sum()).isEqualTo(bed.reread(repo).downloads());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> downloads.daily(repo, 0));
    }

    @Test
    void trendingWeighsLikesAndDownloadsOfTheLastSevenDaysAndDecays() {
        Repo liked = bed.model(alice, "liked", false);
        Repo downloaded = bed.model(alice, "downloaded", false);
        Repo quiet = bed.model(alice, "quiet", false);
        likes.like(bob, liked.repoId(), true);
        for (int i = 0; i < 3; i++) {
            bed.repos.countDownload(downloaded);
        }
        bed.clock.advance(Duration.ofDays(3));
        for (int i = 0; i < 9; i++) {
            bed.repos.countDownload(downloaded);
        }

        List<String> now = order("trending");
        long likedScore = bed.reread(liked).trendingScore();
        long downloadedScore = bed.reread(downloaded).trendingScore();
        bed.clock.advance(Duration.ofDays(5));
        List<String> later = order("trending");

        assertThat(likedScore).isEqualTo(Trending.LIKE_WEIGHT);
        assertThat(downloadedScore).isEqualTo(12);
        assertThat(now).containsExactly("downloaded", "liked", "quiet");
        // eight days after the like and the first downloads, only the later nine downloads are in the window
        assertThat(bed.reread(liked).trendingScore()).isZero();
        assertThat(bed.reread(downloaded).trendingScore()).isEqualTo(9);
        assertThat(later.getFirst()).isEqualTo("downloaded");
        assertThat(bed.reread(quiet).trendingScore()).isZero();
    }

    @Test
    void downloadsAreThoseOfTheLast30DaysAsOnTheHubAndAllTimeKeepsEveryOne() {
        Repo old = bed.model(alice, "old", false);
        Repo fresh = bed.model(alice, "fresh", false);
        for (int i = 0; i < 4; i++) {
            bed.repos.countDownload(old);
        }
        bed.clock.advance(Duration.ofDays(20));
        bed.repos.countDownload(old);
        bed.repos.countDownload(old);
        bed.clock.advance(Duration.ofDays(15));
        for (int i = 0; i < 3; i++) {
            bed.repos.countDownload(fresh);
        }

        // 35 days after the first four: only the two of day 20 are in old's window, though its row was not touched
        List<String> byDownloads = order("downloads");
        Repo oldNow = bed.reread(old);

        assertThat(byDownloads).containsExactly("fresh", "old");
        assertThat(oldNow.downloads()).isEqualTo(2);
        assertThat(oldNow.downloadsAllTime()).isEqualTo(6);
        assertThat(bed.reread(fresh).downloads()).isEqualTo(3);
        bed.clock.advance(Duration.ofDays(30));
        order("lastModified");
        assertThat(bed.reread(old).downloads()).isZero();
        assertThat(bed.reread(old).downloadsAllTime()).isEqualTo(6);
        assertThat(bed.reread(fresh).downloads()).isZero();
    }

    private List<String> order(String sort) {
        return bed.repos.list(Optional.empty(), new RepoQuery(RepoType.MODEL, null, null, List.of(), sort, false, 0, 10))
                .items().stream().map(r -> r.repoId().name()).toList();
    }
}
