package org.chorus.discovery;

import java.nio.file.Path;
import java.time.Clock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.repos.Repos;

/** What every discovery contract starts from: a database with the bootstrap site admin, and the hub's repositories. */
final class HubWorld {
    static final String BOOT = "hf_bootstrapSecretForTests0123";

    final Accounts accounts;
    final Principal admin;
    final LargeFileStore largeFiles;
    final Repos repos;

    HubWorld(Database db, Path dir, Clock clock) {
        accounts = Accounts.create(db, clock);
        accounts.bootstrap(BOOT);
        admin = accounts.authenticate(BOOT);
        largeFiles = LargeFileStore.directory(dir.resolve("lfs"));
        repos = Repos.create(db, GitStore.create(db, dir.resolve("git"), clock), largeFiles, clock);
    }

    /** A new user, signed in with a write token. */
    Principal user(String name) {
        accounts.createUser(admin, name, null, null, false);
        return accounts.authenticate(accounts.createToken(admin, name, "t", Role.WRITE).secret());
    }

    /** Organisation {@code lab} with {@code alice} as a writer: the private repositories' owner in every contract. */
    void lab() {
        accounts.createOrg(admin, "lab", "The Lab");
        accounts.setMembership(admin, "lab", "alice", Role.WRITE);
    }
}
