package org.chorus.server.fl;

import java.util.Optional;
import org.chorus.federated.Coordinator;
import org.chorus.federated.TaskSpec;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Repos;

/** Starting a task, as the JSON API and the task form both do it: one set of checks for both. */
public final class FederatedTasks {
    private FederatedTasks() {}

    /**
     * Starts {@code spec} for {@code admin} (a site admin: the task reads and publishes models with the coordinator's
     * own rights, so only they may start one); returns the task's id.
     */
    public static String start(Coordinator coordinator, Repos repos, Principal admin, TaskSpec spec) {
        admin.requireSiteAdmin();
        HubModelPorts.modelRepo(spec.baseRepo());
        if (spec.publishRepo() != null) {
            // the coordinator publishes with its own rights; the administrator who asks must be able to write
            // there too, and a missing repository is named now rather than after the first round's training
            repos.requireWrite(Optional.of(admin), HubModelPorts.modelRepo(spec.publishRepo()));
        }
        return coordinator.startTask(spec);
    }
}
