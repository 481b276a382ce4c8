package org.chorus.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.chorus.arena.Arena;
import org.chorus.arena.ArenaReads;
import org.chorus.arena.ScoringSweep;
import org.chorus.arena.Workers;
import org.chorus.core.config.ChorusConfig;
import org.chorus.core.db.Database;
import org.chorus.discovery.Discovery;
import org.chorus.discovery.Ecosystems;
import org.chorus.discovery.Snapshots;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.discovery.Explorers;
import org.chorus.federated.Coordinator;
import org.chorus.federated.TaskLease;
import org.chorus.federated.FederatedServer;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.AuthThrottle;
import org.chorus.hub.accounts.WebSessions;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.XetFileIndex;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.DownloadStats;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.ModelTrees;
import org.chorus.hub.repos.RepoLikes;
import org.chorus.hub.repos.Repos;
import org.chorus.jobs.Jobs;
import org.chorus.server.api.AccountRoutes;
import org.chorus.server.api.ActivityRoutes;
import org.chorus.server.api.SearchRoutes;
import org.chorus.server.api.EcosystemRoutes;
import org.chorus.server.api.DatasetViewerRoutes;
import org.chorus.server.api.ExploreRoutes;
import org.chorus.server.arena.CompetitionRoutes;
import org.chorus.server.arena.WorkerRoutes;
import org.chorus.server.fl.FederatedWiring;
import org.chorus.server.git.GitRoutes;
import org.chorus.server.hf.CommitRoutes;
import org.chorus.server.hf.DerivedAccess;
import org.chorus.server.hf.FamilyRoutes;
import org.chorus.server.hf.FileRoutes;
import org.chorus.server.hf.FileSizeLimit;
import org.chorus.server.hf.LfsFilesRoutes;
import org.chorus.server.hf.LfsRoutes;
import org.chorus.server.hf.LikeRoutes;
import org.chorus.server.hf.RepoApiRoutes;
import org.chorus.server.hf.RepoViewRoutes;
import org.chorus.server.hf.WhoAmIRoutes;
import org.chorus.server.hf.xet.XetRoutes;
import org.chorus.server.hf.xet.XetTokens;
import org.chorus.server.http.Routes;
import org.chorus.server.mlflow.ArtifactRoutes;
import org.chorus.server.mlflow.PermissionRoutes;
import org.chorus.server.mlflow.RegistryRoutes;
import org.chorus.server.mlflow.TrackingRoutes;
import org.chorus.server.web.HubViews;
import org.chorus.server.web.MlViews;
import org.chorus.server.web.WebRoutes;
import org.chorus.server.web.runs.Tracking;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.BlobStore;
import org.chorus.storage.StorageConfig;
import org.chorus.tracking.ArtifactStore;
import org.chorus.tracking.ModelRegistry;
import org.chorus.tracking.Permission;
import org.chorus.tracking.RegistryPublishing;
import org.chorus.tracking.TrackingAccess;
import org.chorus.tracking.TrackingStore;
import org.chorus.viewer.DatasetViewer;
import org.chorus.viewer.ViewerLimits;
import org.chorus.viewer.ViewerPreparation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a node's stores and services and lists the HTTP routes over them; everything opened lands in {@code resources}. */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    /** Smallest part size of multipart LFS uploads (larger when a batch answer's part budget needs it). */
    private static final long LFS_MULTIPART_CHUNK = 16L << 20;

    final List<Routes> routes;
    final Accounts accounts;
    final AuthThrottle authThrottle;
    final WebSessions sessions;
    final FederatedServer federated;
    final Repos repos;
    final Discovery discovery;

    Wiring(ChorusConfig config, PrometheusMeterRegistry registry, Resources resources) {
        Clock clock = Clock.systemUTC();
        Database db = resources.add(Database.open(config.database()));
        // an S3 store's downloads are sent from copies in the node's data directory (a cache: safe to delete)
        ChunkStore chunks = resources.add(ChunkStore.open(StorageConfig.parse(config.storage()).withDefaultCache(config.dataDir().resolve("cache"))));
        accounts = Accounts.create(db, clock);
        if (config.bootstrapToken() != null && accounts.bootstrap(config.bootstrapToken())) {
            LOG.info("created site admin 'admin' with the bootstrap token");
        }
        authThrottle = AuthThrottle.create(db, clock, AuthThrottle.Limits.DEFAULT);
        LargeFileStore largeFiles = LargeFileStore.chunked(chunks, db, clock);
        BlobStore packs = chunks.blobs("git");
        BlobStore.moveDirectory(config.dataDir().resolve("hub").resolve("git"), packs); // packs of a Chorus before #20
        repos = Repos.create(db, GitStore.create(db, packs, config.dataDir().resolve("scratch").resolve("git"), clock), largeFiles, clock);
        FileCommits commits = FileCommits.create(repos, largeFiles);
        FileSizeLimit sizes = new FileSizeLimit(config.maxFileBytes());
        sessions = WebSessions.create(db, clock);
        DerivedAccess derived = new DerivedAccess(accounts, sessions, repos, config.derivedCredentialTtl());
        XetTokens xetTokens = new XetTokens(repos.signingKey(), clock, config.derivedCredentialTtl());
        Permission trackingDefault = Permission.parse(config.trackingDefaultPermission());
        TrackingAccess access = TrackingAccess.create(db, trackingDefault);
        TrackingStore tracking = TrackingStore.create(db, clock, trackingDefault);
        ModelRegistry models = ModelRegistry.create(db, clock, trackingDefault);
        ArtifactStore artifacts = ArtifactStore.chunked(chunks, db, clock);
        BlobStore checkpoints = chunks.blobs("federated");
        BlobStore.moveDirectory(config.dataDir().resolve("federated"), checkpoints); // checkpoints of a Chorus before #20
        Coordinator coordinator = resources.add(Coordinator.start(db,
                FederatedWiring.ports(repos, commits, tracking, checkpoints, clock),
                Coordinator.CoordinatorConfig.defaults(), clock, new TaskLease(config.nodeId(), Duration.ofSeconds(15))));
        discovery = resources.add(Discovery.open(db, repos, config.dataDir().resolve("discovery"), clock));
        Path snapshotScratch = config.dataDir().resolve("snapshots");
        Ecosystems ecosystems = resources.add(Ecosystems.open(db, discovery, config.dataDir().resolve("discovery").resolve("ecosystems"), clock));
        Snapshots snapshots = resources.add(Snapshots.start(db, repos, commits, snapshotScratch, clock, config.nodeId()));
        DatasetViewer viewer = resources.add(DatasetViewer.open(db, repos, ViewerLimits.defaults(config.dataDir().resolve("viewer")), clock));
        HubViews views = new HubViews(repos, RepoLikes.create(db, clock), DownloadStats.create(db, clock), discovery,
                ModelTrees.create(db), Activity.create(db, clock), new XetFileIndex(db, clock), discovery, viewer);
        EcosystemChoice choice = EcosystemChoice.of(discovery, ecosystems); // the live hub, or an imported snapshot by name
        Explorers explorers = new Explorers(choice);
        Jobs jobs = Jobs.create(db, clock);
        resources.add(ViewerPreparation.start(db, jobs, viewer, repos::findById, config.nodeId(), Duration.ofSeconds(2)));
        Arena arena = Arena.create(db, jobs, clock, repos);
        resources.add(ScoringSweep.start(arena, Duration.ofSeconds(5)));
        Workers workers = Workers.create(db, jobs, clock, repos);
        federated = config.federatedPort() < 0 ? null : resources.add(FederatedServer.tcp(coordinator, config.host(), config.federatedPort()));
        if (federated != null) {
            coordinator.advertise(config.federatedAddress(federated.port())); // other nodes forward calls for this node's tasks here
        }
        routes = List.of(
                new HealthRoutes(db, registry, config.metricsToken(), config.nodeId()),
                new WhoAmIRoutes(accounts),
                new AccountRoutes(accounts),
                new RepoApiRoutes(repos, views.search()),
                new LikeRoutes(views.likes()),
                new RepoViewRoutes(repos, views),
                new FamilyRoutes(choice),
                new ActivityRoutes(views.activity()),
                new SearchRoutes(views.cards(), choice),
                new EcosystemRoutes(ecosystems, snapshots, sizes, snapshotScratch),
                new ExploreRoutes(explorers, views.activity()),
                new FileRoutes(repos),
                new DatasetViewerRoutes(repos, viewer),
                new CommitRoutes(repos, sizes),
                new LfsFilesRoutes(repos),
                new LfsRoutes(repos, largeFiles, clock, LFS_MULTIPART_CHUNK, sizes, derived, xetTokens),
                new XetRoutes(repos, chunks, views.xet(), xetTokens, derived, sizes, registry),
                new GitRoutes(repos),
                new TrackingRoutes(tracking, access, config.runCacheBytes()),
                new RegistryRoutes(models, access, RegistryPublishing.create(models, tracking, artifacts, access), repos, commits),
                new ArtifactRoutes(artifacts, access),
                new PermissionRoutes(access),
                FederatedWiring.routes(coordinator, repos),
                new CompetitionRoutes(arena, config.maxBodyBytes()),
                new WorkerRoutes(workers, config.maxBodyBytes()),
                // last: pages share URLs with git and the file routes, and the first matching route answers (WebRoutes)
                new WebRoutes(accounts, authThrottle, sessions, repos, views, choice, explorers, new Tracking(tracking, access, artifacts),
                        new MlViews(tracking, access, models, coordinator), arena, new ArenaReads(db), workers, config.maxBodyBytes()));
    }
}
