package org.chorus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.jobs.JobState;
import org.chorus.jobs.Jobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Competitions on the service, run against SQLite and PostgreSQL. */
abstract class ArenaContract {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final int ROWS = 200;

    @TempDir
    Path dir;
    Database db;
    Arena arena;
    MutableClock clock = new MutableClock(START.plus(Duration.ofHours(20)));
    Principal host;
    Principal alice;
    Principal bob;
    String[] truth = new String[ROWS];

    abstract Database open(Path dir);

    @BeforeEach
    void setUp() {
        db = open(dir);
        Accounts accounts = Accounts.create(db, clock);
        accounts.bootstrap("hf_arenaAdminToken000000000000");
        Principal admin = accounts.authenticate("hf_arenaAdminToken000000000000");
        host = user(accounts, admin, "hostess");
        alice = user(accounts, admin, "alice");
        bob = user(accounts, admin, "bob");
        arena = Arena.create(db, Jobs.create(db, clock), clock);
        Random random = new Random(7);
        for (int i = 0; i < ROWS; i++) {
            truth[i] = random.nextBoolean() ? "cat" : "dog";
        }
    }

    private static Principal user(Accounts accounts, Principal admin, String name) {
        accounts.createUser(admin, name, name, name + "@example.org", false);
        return accounts.authenticate(accounts.createToken(admin, name, "t", Role.WRITE).secret());
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    Competition competition(BoardMode mode, boolean late) {
        CompetitionSpec spec = new CompetitionSpec("pets", "Cats and dogs", "Tell them apart.", "Be nice.", null, Metric.ACCURACY,
                0, mode, 2, 30, 3, 2, late, null, List.of(new Phase("main", START, START.plus(Duration.ofDays(10)), 3)));
        arena.create(host, spec);
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("r").append(i).append(',').append(truth[i]).append('\n');
        }
        return arena.uploadSolution(host, "pets", bytes(csv.toString()));
    }

    /** The public ids, worked out as the server does from the stored secret seed. */
    Set<String> publicIds() {
        long seed = db.withHandle(h -> h.createQuery("SELECT split_seed FROM arena_competitions").mapTo(Long.class).one());
        byte[] solution = db.withHandle(h -> h.createQuery("SELECT content FROM arena_solutions").mapTo(byte[].class).one());
        Solution s = Solution.parse(solution, Metric.ACCURACY, 30, seed);
        return new HashSet<>(List.of(s.ids).subList(0, s.publicRows));
    }

    /** Right on the rows {@code right} accepts, wrong elsewhere. */
    byte[] predictions(Predicate<Integer> right) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            String label = right.test(i) ? truth[i] : truth[i].equals("cat") ? "dog" : "cat";
            csv.append("r").append(i).append(',').append(label).append('\n');
        }
        return bytes(csv.toString());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ChorusException refusal(Runnable r) {
        try {
            r.run();
        } catch (ChorusException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void badFilesGetPreciseMessagesAndAreNotCountedWhileTheCapResetsAtUtcMidnight() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, "team-a");
        String rows = new String(predictions(i -> true), StandardCharsets.UTF_8);

        List<String> messages = List.of(
                refusal(() -> arena.submit(alice, "pets", bytes("id,prediction\nr0,cat\n"), "")).getMessage(),
                refusal(() -> arena.submit(alice, "pets", bytes(rows.replace("r5,", "r4,")), "")).getMessage(),
                refusal(() -> arena.submit(alice, "pets", bytes(rows.replace("r7,", "zz,")), "")).getMessage(),
                refusal(() -> arena.submit(alice, "pets", bytes(rows.substring(0, rows.indexOf("r10,"))), "")).getMessage(),
                refusal(() -> arena.submit(alice, "pets", bytes(rows.replace("r3,dog", "r3,dog,x").replace("r3,cat", "r3,cat,x")), "")).getMessage());
        arena.submit(alice, "pets", predictions(i -> true), "one");
        arena.submit(alice, "pets", predictions(i -> true), "two");
        arena.submit(alice, "pets", predictions(i -> true), "three");
        ChorusException capped = refusal(() -> arena.submit(alice, "pets", predictions(i -> true), "four"));
        clock.advance(Duration.ofHours(4)); // 2026-03-02T00:00Z
        Submission nextDay = arena.submit(alice, "pets", predictions(i -> true), "next day");

        assertThat(messages.get(0)).isEqualTo("wrong columns: expected id,label, got id,prediction");
        assertThat(messages.get(1)).isEqualTo("submission line 7: id 'r4' also appears on line 6");
        assertThat(messages.get(2)).isEqualTo("submission line 9: id 'zz' is not in the test set");
        assertThat(messages.get(3)).as("the smallest missing ids, which say nothing about the split")
                .isEqualTo("the submission has 10 rows; the test set has 200: 190 ids are missing, e.g. 'r10', 'r100', 'r101'");
        assertThat(messages.get(4)).isEqualTo("submission line 5: 3 fields; expected 2");
        assertThat(capped.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(capped.getMessage()).contains("3 submissions today").contains("00:00 UTC");
        assertThat(nextDay.status()).isEqualTo("scored");
        assertThat(arena.submissions(alice, "pets")).hasSize(4);
    }

    @Test
    void aParquetSubmissionScoresExactlyAsTheSameRowsInCsvAndABadOneIsNotCounted() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, "team-a");
        byte[] csv = predictions(i -> i % 3 != 0);
        String rows = new String(csv, StandardCharsets.UTF_8);

        Submission fromCsv = arena.submit(alice, "pets", csv, "csv");
        ChorusException malformed = refusal(() -> arena.submit(alice, "pets", bytes("PAR1 but nothing of a Parquet file after"), ""));
        ChorusException wrongColumns = refusal(() -> arena.submit(alice, "pets", Parquets.ofCsv(dir, bytes("id,prediction\nr0,cat\n")), ""));
        ChorusException twice = refusal(() -> arena.submit(alice, "pets", Parquets.ofCsv(dir, bytes(rows.replace("r5,", "r4,"))), ""));
        ChorusException tooMany = refusal(() -> arena.submit(alice, "pets", Parquets.ofCsv(dir, bytes(rows + "extra,cat\n")), ""));
        Submission fromParquet = arena.submit(alice, "pets", Parquets.ofCsv(dir, csv), "parquet");
        Submission third = arena.submit(alice, "pets", predictions(i -> true), "the cap's third");

        assertThat(malformed.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(malformed.getMessage()).startsWith("the submission starts like a Parquet file but cannot be read as one: ")
                .doesNotContain("chorus-parquet-");
        assertThat(wrongColumns.getMessage()).isEqualTo("wrong columns: expected id,label, got id,prediction");
        assertThat(twice.getMessage()).isEqualTo("submission row 6: id 'r4' also appears on row 5");
        assertThat(tooMany.getMessage()).isEqualTo("the submission has 201 rows; the test set has 200");
        assertThat(fromParquet.status()).isEqualTo("scored");
        assertThat(fromParquet.shownScore()).isEqualTo(fromCsv.shownScore());
        Submission hostsView = arena.submissions(host, "pets").stream().filter(s -> s.id().equals(fromParquet.id())).findFirst().orElseThrow();
        Submission hostsCsv = arena.submissions(host, "pets").stream().filter(s -> s.id().equals(fromCsv.id())).findFirst().orElseThrow();
        assertThat(hostsView.publicScore()).isEqualTo(hostsCsv.publicScore());
        assertThat(hostsView.privateScore()).isEqualTo(hostsCsv.privateScore());
        assertThat(third.status()).as("the four refusals were not counted against the cap of 3").isEqualTo("scored");
    }

    @Test
    void bothSplitsAreScoredOnSubmissionButOnlyTheShownScoreReachesParticipantsBeforeClose() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, null);
        Set<String> pub = publicIds();

        Submission mine = arena.submit(alice, "pets", predictions(i -> pub.contains("r" + i)), "public rows only");
        Submission hostView = arena.submissions(host, "pets").getFirst();
        ChorusException earlyPrivate = refusal(() -> arena.privateBoard(Optional.of(alice), "pets"));
        ChorusException anonymousPrivate = refusal(() -> arena.privateBoard(Optional.empty(), "pets"));
        arena.close(host, "pets");
        Submission afterClose = arena.submissions(alice, "pets").getFirst();

        assertThat(pub).hasSize(60);
        assertThat(mine.shownScore()).isEqualTo(1.0);
        assertThat(mine.publicScore()).isNull();
        assertThat(mine.privateScore()).isNull();
        assertThat(hostView.publicScore()).isEqualTo(1.0);
        assertThat(hostView.privateScore()).isEqualTo(0.0);
        assertThat(earlyPrivate.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(anonymousPrivate.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(afterClose.privateScore()).isEqualTo(0.0);
        assertThat(arena.privateBoard(Optional.of(alice), "pets").getFirst().score()).isEqualTo(0.0);
        assertThat(arena.jobs(host, "pets")).singleElement().satisfies(j -> assertThat(j.state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(refusal(() -> arena.jobs(alice, "pets")).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void aSubmissionWhoseScorerDiedIsScoredByTheSweepOnceItsLeaseExpires() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, null);
        arena.submit(alice, "pets", predictions(i -> i % 2 == 0), "half right");
        Submission scored = arena.submissions(host, "pets").getFirst();
        // the rows a node leaves when killed inside its scoring transaction: the submission still queued, the job
        // leased to that node until its lease runs out
        db.useTransaction(h -> {
            h.createUpdate("UPDATE arena_submissions SET status = 'queued', public_score = NULL, private_score = NULL, released_score = NULL")
                    .execute();
            h.createUpdate("UPDATE jobs SET state = 'leased', result = NULL, worker = 'node-b', lease_token = 'dead',"
                    + " lease_expires_at = :e").bind("e", clock.millis() + Duration.ofMinutes(5).toMillis()).execute();
        });

        int whileLeaseLives = arena.scoreDue();
        Submission waiting = arena.submissions(host, "pets").getFirst();
        clock.advance(Duration.ofMinutes(5));
        int afterExpiry = arena.scoreDue();
        int again = arena.scoreDue();
        Submission rescored = arena.submissions(host, "pets").getFirst();

        assertThat(whileLeaseLives).isZero();
        assertThat(waiting.publicScore()).isNull();
        assertThat(afterExpiry).isEqualTo(1);
        assertThat(again).as("nothing left to score").isZero();
        assertThat(rescored.publicScore()).isEqualTo(scored.publicScore()).isNotNull();
        assertThat(rescored.privateScore()).isEqualTo(scored.privateScore());
        assertThat(arena.jobs(host, "pets")).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(j.attempts()).isEqualTo(2);
        });
    }

    @Test
    void finalSelectionDecidesThePrivateBoardAndTheShakeUpIsTheRankChange() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, "overfit");
        arena.join(bob, "pets", true, "steady");
        Set<String> pub = publicIds();
        // overfit: perfect on public, wrong on private; steady: 80 % everywhere
        arena.submit(alice, "pets", predictions(i -> pub.contains("r" + i)), "memorised");
        Submission honest = arena.submit(alice, "pets", predictions(i -> i % 2 == 0), "half");
        arena.submit(bob, "pets", predictions(i -> i % 5 != 0), "steady");

        List<Standing> publicBoard = arena.publicBoard("pets");
        arena.select(alice, "pets", honest.id(), true);
        arena.close(host, "pets");
        List<Standing> privateBoard = arena.privateBoard(Optional.of(bob), "pets");

        assertThat(publicBoard).extracting(Standing::team).containsExactly("overfit", "steady");
        assertThat(privateBoard).extracting(Standing::team).containsExactly("steady", "overfit");
        assertThat(privateBoard).extracting(Standing::shakeUp).containsExactly(1, -1);
        assertThat(privateBoard.get(0).score()).isCloseTo(privateShare(pub, i -> i % 5 != 0), within(1e-12));
        assertThat(privateBoard.get(1).score()).as("the selected half-right submission, not the memorised one")
                .isCloseTo(privateShare(pub, i -> i % 2 == 0), within(1e-12));
        assertThat(refusal(() -> arena.select(alice, "pets", honest.id(), false)).code()).as("closed: final").isEqualTo(ErrorCode.CONFLICT);
    }

    /** The accuracy on the private rows (those not in {@code pub}) of predictions right where {@code right} holds. */
    private double privateShare(Set<String> pub, Predicate<Integer> right) {
        int hits = 0;
        int rows = 0;
        for (int i = 0; i < ROWS; i++) {
            if (!pub.contains("r" + i)) {
                rows++;
                hits += right.test(i) ? 1 : 0;
            }
        }
        return (double) hits / rows;
    }

    @Test
    void unselectedTeamsAreJudgedOnTheirBestPublicSubmissionsAndTheSelectionLimitHolds() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, null);
        Set<String> pub = publicIds();
        Submission a = arena.submit(alice, "pets", predictions(i -> i % 3 == 0), "a");
        Submission b = arena.submit(alice, "pets", predictions(i -> i % 3 != 0), "b");
        Submission c = arena.submit(alice, "pets", predictions(i -> pub.contains("r" + i)), "c");

        arena.select(alice, "pets", a.id(), true);
        arena.select(alice, "pets", b.id(), true);
        ChorusException third = refusal(() -> arena.select(alice, "pets", c.id(), true));
        arena.select(alice, "pets", a.id(), false);
        arena.select(alice, "pets", b.id(), false);
        arena.close(host, "pets");

        // unselected: the 2 best public are c (1.0) and b (~0.67); the best private of those is b's
        double bPrivate = arena.submissions(alice, "pets").stream().filter(s -> s.id().equals(b.id())).findFirst().orElseThrow().privateScore();
        assertThat(third.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(arena.privateBoard(Optional.of(alice), "pets").getFirst().score()).isEqualTo(bPrivate);
    }

    @Test
    void theLadderHoldsBackAnInsignificantImprovementAndReleasesASignificantOne() {
        competition(BoardMode.LADDER, false);
        arena.join(alice, "pets", true, null);
        Set<String> pub = publicIds();
        List<String> publicRows = pub.stream().sorted().toList();
        Set<String> firstRight = new HashSet<>(publicRows.subList(0, 36)); // 60 %
        // one row better on balance, but five rows differ (two lost, three gained): far inside the paired test's noise,
        // where a single gained row would sit exactly on its threshold (1/60 against std/√n = 1/60) and float rounding decides
        Set<String> oneMore = new HashSet<>(publicRows.subList(2, 39));
        Set<String> many = new HashSet<>(publicRows.subList(0, 54)); // 90 %

        Submission first = arena.submit(alice, "pets", predictions(i -> firstRight.contains("r" + i)), "60 %");
        Submission small = arena.submit(alice, "pets", predictions(i -> oneMore.contains("r" + i)), "one more row");
        Submission big = arena.submit(alice, "pets", predictions(i -> many.contains("r" + i)), "90 %");
        Submission hostSmall = arena.submissions(host, "pets").stream().filter(s -> s.id().equals(small.id())).findFirst().orElseThrow();

        assertThat(first.shownScore()).isEqualTo(0.6);
        assertThat(small.shownScore()).as("held back").isEqualTo(0.6);
        assertThat(hostSmall.publicScore()).isCloseTo(37 / 60.0, within(1e-12));
        assertThat(big.shownScore()).isEqualTo(0.9);
        assertThat(arena.publicBoard("pets").getFirst().score()).isEqualTo(0.9);
    }

    @Test
    void roundedModeShowsTheConfiguredDigits() {
        competition(BoardMode.ROUNDED, false);
        arena.join(alice, "pets", true, null);
        Set<String> pub = publicIds();
        List<String> publicRows = pub.stream().sorted().toList();
        Set<String> right = new HashSet<>(publicRows.subList(0, 37)); // 0.61666…

        Submission s = arena.submit(alice, "pets", predictions(i -> right.contains("r" + i)), "");

        assertThat(s.shownScore()).isEqualTo(0.62);
    }

    @Test
    void lateSubmissionsAreScoredButNeverRankAndTimeLimitsAreEnforced() {
        competition(BoardMode.EXACT, true);
        arena.join(alice, "pets", true, null);
        arena.submit(alice, "pets", predictions(i -> i % 2 == 0), "in time");
        clock.advance(Duration.ofDays(11));

        Submission late = arena.submit(alice, "pets", predictions(i -> true), "late");

        assertThat(late.late()).isTrue();
        assertThat(late.shownScore()).isEqualTo(1.0);
        assertThat(arena.publicBoard("pets").getFirst().score()).isLessThan(1.0);
        assertThat(refusal(() -> arena.select(alice, "pets", late.id(), true)).code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void submissionsNeedTheRulesTheSolutionAndTheTime() {
        CompetitionSpec spec = new CompetitionSpec("later", "Later", null, null, null, Metric.ACCURACY, 0, BoardMode.EXACT, 0, 30, 1, 2, false,
                null, List.of(new Phase("main", START.plus(Duration.ofDays(30)), START.plus(Duration.ofDays(40)), 3)));
        arena.create(host, spec);

        ChorusException noRules = refusal(() -> arena.join(alice, "later", false, null));
        ChorusException notJoined = refusal(() -> arena.submit(alice, "later", predictions(i -> true), ""));
        arena.join(alice, "later", true, null);
        ChorusException noSolution = refusal(() -> arena.submit(alice, "later", predictions(i -> true), ""));
        ChorusException notHost = refusal(() -> arena.uploadSolution(alice, "later", bytes("id,label\nr0,cat\nr1,dog\n")));
        arena.uploadSolution(host, "later", bytes("id,label\nr0,cat\nr1,dog\n"));
        ChorusException notStarted = refusal(() -> arena.submit(alice, "later", bytes("id,label\nr0,cat\nr1,dog\n"), ""));
        ChorusException twice = refusal(() -> arena.join(alice, "later", true, "other"));
        ChorusException ladderAuc = refusal(() -> new CompetitionSpec("x", "X", null, null, null, Metric.ROC_AUC, 0, BoardMode.LADDER, 0, 30, 1, 2,
                false, null, spec.phases()));

        assertThat(noRules.getMessage()).contains("acceptRules");
        assertThat(notJoined.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(noSolution.getMessage()).contains("has not uploaded the solution");
        assertThat(notHost.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(notStarted.getMessage()).contains("starts at 2026-03-31T00:00:00Z");
        assertThat(twice.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(ladderAuc.getMessage()).contains("per-example losses");
    }

    @Test
    void splitIsFixedBySeedAndPublicPlusPrivateAccountForEveryRow() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, null);

        arena.submit(alice, "pets", predictions(i -> i % 3 == 0), "");
        Submission s = arena.submissions(host, "pets").getFirst();
        int right = 0;
        for (int i = 0; i < ROWS; i++) {
            right += i % 3 == 0 ? 1 : 0;
        }

        assertThat(s.publicScore() * 60 + s.privateScore() * 140).isCloseTo(right, within(1e-9));
        assertThat(publicIds()).isEqualTo(publicIds());
    }

    @Test
    void teamsMergeOnlyWithinKagglesRuleAndTheMergedTeamKeepsEverySubmission() {
        competition(BoardMode.EXACT, false);
        arena.join(alice, "pets", true, "a-team");
        arena.join(bob, "pets", true, "b-team");
        for (int i = 0; i < 3; i++) {
            arena.submit(alice, "pets", predictions(r -> r % 2 == 0), "a" + i);
        }
        arena.submit(bob, "pets", predictions(r -> r % 3 == 0), "b");

        ChorusException uninvited = refusal(() -> arena.accept(bob, "pets", "a-team", true));
        arena.invite(alice, "pets", "bob");
        ChorusException tooMany = refusal(() -> arena.accept(bob, "pets", "a-team", true));
        ChorusException leaveAfterSubmitting = refusal(() -> arena.leave(bob, "pets"));
        clock.advance(Duration.ofDays(1)); // day 2 of the competition: 4 submissions ≤ 3 × 2
        String merged = arena.accept(bob, "pets", "a-team", true);

        assertThat(uninvited.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(tooMany.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(tooMany.getMessage()).contains("4 submissions, more than the daily cap 3 × 1 days");
        assertThat(leaveAfterSubmitting.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(merged).isEqualTo("a-team");
        assertThat(arena.publicBoard("pets")).singleElement().satisfies(s -> {
            assertThat(s.team()).isEqualTo("a-team");
            assertThat(s.members()).containsExactly("alice", "bob");
            assertThat(s.submissions()).isEqualTo(4);
        });
        assertThat(arena.submissions(bob, "pets")).hasSize(4);
    }

    @Test
    void aTeamThatHasNotSubmittedCanBeLeftAndTheSizeAndDeadlineHold() {
        CompetitionSpec spec = new CompetitionSpec("duo", "Duo", null, null, null, Metric.ACCURACY, 0, BoardMode.EXACT, 0, 30, 2, 2, false,
                START.plus(Duration.ofDays(2)), List.of(new Phase("main", START, START.plus(Duration.ofDays(10)), 3)));
        arena.create(host, spec);
        arena.join(alice, "duo", true, "pair");
        arena.invite(alice, "duo", "bob");
        arena.invite(alice, "duo", "hostess");
        arena.accept(bob, "duo", "pair", true);

        ChorusException full = refusal(() -> arena.accept(host, "duo", "pair", true));
        arena.leave(bob, "duo");
        String again = arena.join(bob, "duo", true, "solo");
        arena.invite(alice, "duo", "bob");
        clock.advance(Duration.ofDays(3));
        ChorusException late = refusal(() -> arena.accept(bob, "duo", "pair", true));

        assertThat(full.getMessage()).contains("at most 2");
        assertThat(again).isEqualTo("solo");
        assertThat(late.getMessage()).contains("merge deadline");
    }
}
