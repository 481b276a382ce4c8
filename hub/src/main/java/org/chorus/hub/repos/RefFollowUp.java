package org.chorus.hub.repos;

import org.chorus.hub.git.GitStore;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a ref move once it is durable: folding small packs, refreshing the card row when main moved, and
 * recording new commits for activity ({@link CommitLog}).
 * The request that moved the ref is answered as done whatever happens here — a client retrying an error would
 * make its change twice — so a failure is logged with the repository, not returned. Both steps are idempotent,
 * safe to race, and run again after the next change, which repairs what a failed one left.
 */
final class RefFollowUp {
    private static final Logger LOG = LoggerFactory.getLogger(RefFollowUp.class);

    private final GitStore git;
    private final CardIndex cards;
    private final CommitLog commitLog;

    RefFollowUp(GitStore git, CardIndex cards, CommitLog commitLog) {
        this.git = git;
        this.cards = cards;
        this.commitLog = commitLog;
    }

    void afterMove(Repo repo, boolean mainMoved) {
        // a view per step: a view lists packs once, so one that compacted (listing packs) and then read a head
        // committed since would miss that head's objects
        if (mainMoved) {
            try (Repository r = git.open(repo.id())) {
                cards.refresh(repo, r);
            } catch (RuntimeException e) {
                LOG.error("refreshing the card of repository {} ({}) failed; it is stale until main moves again",
                        repo.id(), repo.fullName(), e);
            }
        }
        try (Repository r = git.open(repo.id())) {
            commitLog.record(repo, r);
        } catch (RuntimeException e) {
            LOG.error("recording the commits of repository {} ({}) failed; the next change records them", repo.id(), repo.fullName(), e);
        }
        try (Repository r = git.open(repo.id())) {
            git.compactIfNeeded(r);
        } catch (RuntimeException e) {
            LOG.warn("compacting the packs of repository {} ({}) failed; the next change tries again", repo.id(), repo.fullName(), e);
        }
    }
}
