package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners, grants and what searches show, on SQLite and PostgreSQL, below HTTP (the server's permission matrix covers
 * every endpoint). Accounts are rows the hub would write: alice and bob are users, lab an organisation where alice
 * writes and carol reads.
 */
abstract class TrackingPermissionsContract {
    @TempDir
    Path dir;
    Database db;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Caller alice = Caller.user("u-alice", "alice", false, true);
    final Caller bob = Caller.user("u-bob", "bob", false, true);
    final Caller carol = Caller.user("u-carol", "carol", false, true);
    final Caller admin = Caller.user("u-admin", "admin", true, true);

    abstract Database open(Path dir);

    @BeforeEach
    void setUp() {
        db = open(dir);
        db.useTransaction(h -> {
            for (String[] a : new String[][] {{"u-alice", "alice", "user"}, {"u-bob", "bob", "user"}, {"u-carol", "carol", "user"},
                    {"u-admin", "admin", "user"}, {"o-lab", "lab", "org"}}) {
                h.execute("INSERT INTO accounts (id, name, name_key, kind, fullname, site_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)",
                        a[0], a[1], a[1], a[2], a[1], a[1].equals("admin"));
            }
            h.execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ('o-lab', 'u-alice', 'write', 0)");
            h.execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ('o-lab', 'u-carol', 'read', 0)");
        });
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (ChorusException e) {
            return e.code();
        }
        return null;
    }

    private TrackingStore store(Permission defaultPermission) {
        return TrackingStore.create(db, clock, defaultPermission);
    }

    private List<String> experimentNames(TrackingStore store, Caller caller) {
        return store.searchExperiments(caller, null, List.of("name ASC"), ViewType.ALL, 100, null).items().stream().map(Experiment::name).toList();
    }

    @Test
    void theCreatorOwnsUnlessTheOwnerTagNamesAnOrganisationTheyWriteTo() {
        TrackingStore store = store(Permission.READ);

        String own = store.createExperiment(alice, "own", null, Map.of());
        String labs = store.createExperiment(alice, "labs", null, Map.of(Owners.TAG, "LAB"));
        String bobs = store.createExperiment(admin, "bobs", null, Map.of(Owners.TAG, "bob"));
        String servers = store.createExperiment(Caller.server(), "servers", null, Map.of());

        assertThat(store.getExperiment(own).tags()).containsEntry(Owners.TAG, "alice");
        assertThat(store.getExperiment(labs).tags()).containsEntry(Owners.TAG, "lab");
        assertThat(store.getExperiment(bobs).tags()).containsEntry(Owners.TAG, "bob");
        assertThat(store.getExperiment(servers).tags()).doesNotContainKey(Owners.TAG);
        assertThat(code(() -> store.createExperiment(carol, "readers-cannot", null, Map.of(Owners.TAG, "lab")))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(code(() -> store.createExperiment(alice, "not-for-bob", null, Map.of(Owners.TAG, "bob")))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(code(() -> store.createExperiment(alice, "nobody", null, Map.of(Owners.TAG, "ghost")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> store.setExperimentTag(own, Owners.TAG, "bob"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(experimentNames(store, alice)).containsExactly("Default", "bobs", "labs", "own", "servers");

        ModelRegistry registry = ModelRegistry.create(db, clock, Permission.READ);
        assertThat(registry.createModel(alice, "m", Map.of(Owners.TAG, "lab"), null).tags()).containsEntry(Owners.TAG, "lab");
        assertThat(code(() -> registry.createModel(carol, "n", Map.of(Owners.TAG, "lab"), null))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(code(() -> registry.setModelTag("m", Owners.TAG, "alice"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> registry.deleteModelTag("m", Owners.TAG))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void anOwnGrantReplacesTheDefaultAndAnOrganisationRoleStillCounts() {
        TrackingAccess access = TrackingAccess.create(db, Permission.NO_PERMISSIONS);
        String labs = store(Permission.NO_PERMISSIONS).createExperiment(alice, "labs", null, Map.of(Owners.TAG, "lab"));

        assertThat(code(() -> access.requireExperiment(bob, labs, Permission.READ))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> access.createGrant(alice, PermissionTarget.EXPERIMENT, labs, "bob", Permission.EDIT)))
                .as("alice created it but only writes in lab, its owner").isEqualTo(ErrorCode.PERMISSION_DENIED);
        access.createGrant(admin, PermissionTarget.EXPERIMENT, labs, "bob", Permission.EDIT);
        assertThat(code(() -> access.requireExperiment(bob, labs, Permission.EDIT))).isNull();
        assertThat(code(() -> access.requireExperiment(bob, labs, Permission.MANAGE))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(code(() -> access.requireExperiment(Caller.user("u-bob", "bob", false, false), labs, Permission.EDIT)))
                .isEqualTo(ErrorCode.PERMISSION_DENIED);

        access.createGrant(admin, PermissionTarget.EXPERIMENT, labs, "carol", Permission.NO_PERMISSIONS);
        assertThat(code(() -> access.requireExperiment(carol, labs, Permission.READ))).as("carol reads in lab").isNull();
        assertThat(code(() -> access.requireExperiment(alice, labs, Permission.EDIT))).as("alice writes in lab").isNull();
        assertThat(code(() -> access.requireExperiment(alice, labs, Permission.MANAGE))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(code(() -> access.requireExperiment(Caller.anonymous(), labs, Permission.READ))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> access.requireExperiment(admin, labs, Permission.MANAGE))).isNull();
    }

    @Test
    void grantsAreManagedByManagersOnlyWithMlflowsAnswers() {
        TrackingAccess access = TrackingAccess.create(db, Permission.READ);
        String own = store(Permission.READ).createExperiment(alice, "own", null, Map.of());

        PermissionGrant created = access.createGrant(alice, PermissionTarget.EXPERIMENT, own, "BOB", Permission.READ);

        assertThat(created).isEqualTo(new PermissionGrant(PermissionTarget.EXPERIMENT, own, "u-bob", "bob", Permission.READ));
        assertThat(code(() -> access.createGrant(alice, PermissionTarget.EXPERIMENT, own, "bob", Permission.EDIT))).isEqualTo(ErrorCode.ALREADY_EXISTS);
        access.updateGrant(alice, PermissionTarget.EXPERIMENT, own, "bob", Permission.MANAGE);
        assertThat(access.grant(alice, PermissionTarget.EXPERIMENT, own, "bob").permission()).isEqualTo(Permission.MANAGE);
        assertThat(access.grant(bob, PermissionTarget.EXPERIMENT, own, "bob").permission()).as("bob now manages").isEqualTo(Permission.MANAGE);
        assertThat(code(() -> access.grant(carol, PermissionTarget.EXPERIMENT, own, "bob"))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(code(() -> access.createGrant(alice, PermissionTarget.EXPERIMENT, own, "ghost", Permission.READ))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> access.createGrant(alice, PermissionTarget.EXPERIMENT, own, "lab", Permission.READ))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> access.createGrant(alice, PermissionTarget.EXPERIMENT, "999", "carol", Permission.READ))).isEqualTo(ErrorCode.NOT_FOUND);
        access.deleteGrant(alice, PermissionTarget.EXPERIMENT, own, "bob");
        ChorusException missing = (ChorusException) catchThrowable(
                () -> access.grant(alice, PermissionTarget.EXPERIMENT, own, "bob"));
        assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(missing.getMessage()).isEqualTo("Experiment permission with experiment_id=" + own + " and username=bob not found");
    }

    @Test
    void modelGrantsFollowARenameAndGoWithADeletedModel() {
        TrackingAccess access = TrackingAccess.create(db, Permission.NO_PERMISSIONS);
        ModelRegistry registry = ModelRegistry.create(db, clock, Permission.NO_PERMISSIONS);
        registry.createModel(alice, "m", Map.of(), null);
        access.createGrant(alice, PermissionTarget.REGISTERED_MODEL, "m", "bob", Permission.READ);

        registry.renameModel("m", "m2");

        assertThat(access.grant(alice, PermissionTarget.REGISTERED_MODEL, "m2", "bob").permission()).isEqualTo(Permission.READ);
        assertThat(registry.getModel("m2").tags()).containsEntry(Owners.TAG, "alice");
        registry.deleteModel("m2");
        registry.createModel(carol, "m2", Map.of(), null);
        assertThat(code(() -> access.requireModel(bob, "m2", Permission.READ))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void searchesShowOnlyWhatTheCallerMayRead() {
        TrackingStore open = store(Permission.READ);
        TrackingStore closed = store(Permission.NO_PERMISSIONS);
        TrackingAccess access = TrackingAccess.create(db, Permission.READ);
        String own = open.createExperiment(alice, "alices", null, Map.of());
        String labs = open.createExperiment(alice, "labs", null, Map.of(Owners.TAG, "lab"));
        String bobs = open.createExperiment(bob, "bobs", null, Map.of());
        access.createGrant(alice, PermissionTarget.EXPERIMENT, own, "carol", Permission.NO_PERMISSIONS);
        access.createGrant(bob, PermissionTarget.EXPERIMENT, bobs, "carol", Permission.READ);
        List<String> all = List.of(TrackingStore.DEFAULT_EXPERIMENT_ID, own, labs, bobs);
        for (String exp : all) {
            open.createRun(exp, "u", "run-in-" + exp, null, List.of());
        }

        assertThat(experimentNames(open, carol)).containsExactly("Default", "bobs", "labs");
        assertThat(experimentNames(closed, carol)).containsExactly("bobs", "labs");
        assertThat(experimentNames(closed, bob)).containsExactly("bobs");
        assertThat(experimentNames(closed, Caller.anonymous())).isEmpty();
        assertThat(experimentNames(open, Caller.anonymous())).containsExactly("Default", "alices", "bobs", "labs");
        assertThat(runNames(closed, carol, all)).containsExactlyInAnyOrder("run-in-" + labs, "run-in-" + bobs);
        assertThat(runNames(open, carol, all)).containsExactlyInAnyOrder("run-in-0", "run-in-" + labs, "run-in-" + bobs);
        assertThat(runNames(closed, bob, List.of(own, labs))).isEmpty();

        ModelRegistry registry = ModelRegistry.create(db, clock, Permission.NO_PERMISSIONS);
        registry.createModel(alice, "alices-model", Map.of(), null);
        registry.createModel(alice, "labs-model", Map.of(Owners.TAG, "lab"), null);
        registry.createVersion("alices-model", "runs:/x/model", null, Map.of(), null, null, "alice");
        registry.createVersion("labs-model", "runs:/y/model", null, Map.of(), null, null, "alice");
        assertThat(registry.searchModels(carol, null, 100, List.of(), null).items()).extracting(RegisteredModel::name).containsExactly("labs-model");
        assertThat(registry.searchVersions(carol, null, 100, List.of(), null).items()).extracting(ModelVersion::name).containsExactly("labs-model");
        assertThat(registry.searchVersions(bob, null, 100, List.of(), null).items()).isEmpty();
        assertThat(registry.searchModels(admin, null, 100, List.of(), null).items()).hasSize(2);
    }

    private static List<String> runNames(TrackingStore store, Caller caller, List<String> experiments) {
        return store.searchRuns(caller, experiments, null, ViewType.ALL, 100, List.of(), null).items().stream()
                .map(r -> r.info().runName()).toList();
    }

    @Test
    void aRevokedGrantHidesCachedRunsFromTheNextSearch() {
        TrackingStore store = store(Permission.NO_PERMISSIONS);
        TrackingAccess access = TrackingAccess.create(db, Permission.NO_PERMISSIONS);
        String exp = store.createExperiment(alice, "private", null, Map.of());
        for (int i = 0; i < 3; i++) {
            store.createRun(exp, "alice", "r" + i, 1_000L + i, List.of());
        }
        AtomicInteger encoded = new AtomicInteger();
        EncodedRuns<Run> kept = EncodedRuns.kept(run -> {
            encoded.incrementAndGet();
            return run;
        }, run -> 1, 1_000);
        access.createGrant(alice, PermissionTarget.EXPERIMENT, exp, "bob", Permission.READ);
        assertThat(search(store, bob, exp, kept)).hasSize(3);
        assertThat(search(store, alice, exp, kept)).hasSize(3);

        access.updateGrant(alice, PermissionTarget.EXPERIMENT, exp, "bob", Permission.NO_PERMISSIONS);
        assertThat(search(store, bob, exp, kept)).isEmpty();
        access.deleteGrant(alice, PermissionTarget.EXPERIMENT, exp, "bob");
        assertThat(search(store, bob, exp, kept)).isEmpty();
        assertThat(search(store, Caller.anonymous(), exp, kept)).isEmpty();
        access.createGrant(alice, PermissionTarget.EXPERIMENT, exp, "bob", Permission.READ);
        assertThat(search(store, bob, exp, kept)).hasSize(3);
        assertThat(encoded).as("the kept runs were encoded once and reused, never shown while hidden").hasValue(3);
    }

    private static List<Run> search(TrackingStore store, Caller caller, String exp, EncodedRuns<Run> kept) {
        return store.searchRuns(caller, List.of(exp), null, ViewType.ALL, 100, List.of(), null, kept).items();
    }
}
