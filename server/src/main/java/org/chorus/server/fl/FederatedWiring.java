package org.chorus.server.fl;

import java.time.Clock;
import org.chorus.federated.Coordinator;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Routes;
import org.chorus.storage.BlobStore;
import org.chorus.tracking.TrackingStore;

/** The coordinator's ports onto the hub and tracking, and its HTTP routes. */
public final class FederatedWiring {
    private FederatedWiring() {}

    /** Checkpoints are blobs of {@code checkpoints} (the storage backend's {@code blobs/federated/}). */
    public static Coordinator.Ports ports(Repos repos, FileCommits commits, TrackingStore tracking, BlobStore checkpoints, Clock clock) {
        HubModelPorts hub = new HubModelPorts(repos, commits);
        return new Coordinator.Ports(hub, hub, new TrackingLogAdapter(tracking, clock), new BlobModelStore(checkpoints));
    }

    public static Routes routes(Coordinator coordinator, Repos repos) {
        return new FederatedRoutes(coordinator, repos);
    }
}
