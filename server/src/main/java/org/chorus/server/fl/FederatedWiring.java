package org.chorus.server.fl;

import java.time.Clock;
import org.chorus.federated.Coordinator;
import org.chorus.federated.ModelStore;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Routes;
import org.chorus.tracking.TrackingStore;

/** The coordinator's ports onto the hub and tracking, and its HTTP routes. */
public final class FederatedWiring {
    private FederatedWiring() {}

    public static Coordinator.Ports ports(Repos repos, FileCommits commits, TrackingStore tracking, ModelStore checkpoints, Clock clock) {
        HubModelPorts hub = new HubModelPorts(repos, commits);
        return new Coordinator.Ports(hub, hub, new TrackingLogAdapter(tracking, clock), checkpoints);
    }

    public static Routes routes(Coordinator coordinator, Repos repos) {
        return new FederatedRoutes(coordinator, repos);
    }
}
