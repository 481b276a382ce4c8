package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;

/** One database with accounts and repositories, for the contracts of the services built over {@link Repos}. */
final class HubTestBed implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    final Database db;
    final Accounts accounts;
    final Repos repos;
    final LargeFileStore largeFiles;
    final Principal admin;

    HubTestBed(Database db, Path dir) {
        this.db = db;
        accounts = Accounts.create(db, clock);
        admin = ReposContract.bootstrapAdmin(accounts);
        largeFiles = LargeFileStore.directory(dir.resolve("lfs"));
        repos = Repos.create(db, GitStore.create(db, dir.resolve("git"), clock), largeFiles, clock);
    }

    Principal user(String name, Role tokenRole) {
        accounts.createUser(admin, name, null, null, false);
        return accounts.authenticate(accounts.createToken(admin, name, "t", tokenRole).secret());
    }

    Repo model(Principal owner, String name, boolean isPrivate) {
        return repos.create(owner, RepoId.of(RepoType.MODEL, owner.user().name(), name), isPrivate);
    }

    String commit(Principal actor, Repo repo, CommitOp... ops) {
        return repos.commit(actor, repo.repoId(), new CommitRequest("main", "change", null, null, List.of(ops)));
    }

    static CommitOp.AddFile file(String path, String content) {
        return new CommitOp.AddFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    Repo reread(Repo repo) {
        return repos.get(java.util.Optional.of(admin), repo.repoId());
    }

    static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    @Override
    public void close() {
        db.close();
    }
}
