package org.chorus.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.config.ChorusConfig;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.XetFileIndex;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.StorageConfig;
import org.chorus.hub.repos.Repos;
import org.chorus.server.api.AccountRoutes;
import org.chorus.server.git.GitRoutes;
import org.chorus.server.hf.CommitRoutes;
import org.chorus.server.hf.FileRoutes;
import org.chorus.server.hf.LfsRoutes;
import org.chorus.server.hf.RepoApiRoutes;
import org.chorus.server.hf.WhoAmIRoutes;
import org.chorus.server.hf.xet.XetRoutes;
import org.chorus.server.hf.xet.XetTokens;
import org.chorus.server.http.Auth;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.http.RequestObservation;
import org.chorus.server.http.Routes;
import org.chorus.server.mlflow.ArtifactRoutes;
import org.chorus.server.mlflow.RegistryRoutes;
import org.chorus.server.mlflow.TrackingRoutes;
import org.chorus.tracking.ArtifactStore;
import org.chorus.tracking.ModelRegistry;
import org.chorus.tracking.TrackingStore;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Chorus node: opens the database, wires the services and serves every protocol on one port. */
public final class ChorusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChorusServer.class);
    private static final long STOP_TIMEOUT_MS = 10_000;
    /** Part size of multipart LFS uploads. */
    private static final long LFS_MULTIPART_CHUNK = 16L << 20;

    private final ChorusConfig config;
    private final Database db;
    private final ChunkStore chunks;
    private final Javalin app;

    private ChorusServer(ChorusConfig config, Database db, ChunkStore chunks, Javalin app) {
        this.config = config;
        this.db = db;
        this.chunks = chunks;
        this.app = app;
    }

    public static ChorusServer start(ChorusConfig config) {
        Database db = Database.open(config.database());
        ChunkStore chunks = null;
        try {
            chunks = ChunkStore.open(StorageConfig.parse(config.storage()));
            Clock clock = Clock.systemUTC();
            Accounts accounts = Accounts.create(db, clock);
            if (config.bootstrapToken() != null && accounts.bootstrap(config.bootstrapToken())) {
                LOG.info("created site admin 'admin' with the bootstrap token");
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            LargeFileStore largeFiles = LargeFileStore.chunked(chunks, db, clock, config.dataDir().resolve("hub").resolve("parts"));
            Repos repos = Repos.create(db, GitStore.create(db, config.dataDir().resolve("hub").resolve("git"), clock), largeFiles, clock);
            List<Routes> routes = List.of(
                    new HealthRoutes(db, registry),
                    new WhoAmIRoutes(accounts),
                    new AccountRoutes(accounts),
                    new RepoApiRoutes(repos),
                    new FileRoutes(repos),
                    new CommitRoutes(repos),
                    new LfsRoutes(repos, largeFiles, clock, LFS_MULTIPART_CHUNK),
                    new XetRoutes(repos, chunks, new XetFileIndex(db, clock), new XetTokens(repos.signingKey(), clock), registry),
                    new GitRoutes(repos),
                    new TrackingRoutes(TrackingStore.create(db, clock)),
                    new RegistryRoutes(ModelRegistry.create(db, clock)),
                    new ArtifactRoutes(ArtifactStore.directory(config.dataDir().resolve("artifacts"))));
            Javalin app = Javalin.create(c -> configure(c, config, new Auth(accounts), new RequestObservation(registry), routes));
            app.start(config.host(), config.port());
            return new ChorusServer(config, db, chunks, app);
        } catch (RuntimeException e) {
            if (chunks != null) {
                chunks.close();
            }
            db.close();
            throw e;
        }
    }

    private static void configure(JavalinConfig c, ChorusConfig config, Auth auth, RequestObservation observation, List<Routes> routes) {
        c.startup.showJavalinBanner = false;
        c.concurrency.useVirtualThreads = true;
        c.http.maxRequestSize = config.maxBodyBytes();
        c.jsonMapper(new JavalinJackson(org.chorus.server.http.Json.MAPPER, true));
        c.jetty.modifyServer(server -> {
            server.setStopTimeout(STOP_TIMEOUT_MS);
            server.insertHandler(new GracefulHandler());
        });
        c.requestLogger.http(observation::record);
        c.routes.before(observation::assignId);
        c.routes.before(auth::resolve);
        routes.forEach(r -> r.register(c.routes));
        c.routes.exception(ChorusException.class, (e, ctx) -> ErrorResponses.write(ctx, e.code(), e.getMessage()));
        c.routes.exception(HttpResponseException.class, (e, ctx) -> ErrorResponses.write(ctx, fromStatus(e.getStatus()), e.getMessage()));
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", RequestObservation.requestId(ctx), ctx.path(), e);
            ErrorResponses.write(ctx, ErrorCode.INTERNAL, "internal error; request id " + RequestObservation.requestId(ctx));
        });
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_ARGUMENT;
        };
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return config.localUrl(port());
    }

    public ChorusConfig config() {
        return config;
    }

    /** Stops accepting requests, lets running ones finish (up to the stop timeout), then closes storage and the database. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                chunks.close();
            } finally {
                db.close();
            }
        }
    }
}
