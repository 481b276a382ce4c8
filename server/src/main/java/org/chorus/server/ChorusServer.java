package org.chorus.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.config.ChorusConfig;
import org.chorus.discovery.Discovery;
import org.chorus.server.hf.MovedRepos;
import org.chorus.server.http.Auth;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.http.JettyErrors;
import org.chorus.server.http.RequestObservation;
import org.chorus.server.http.Routes;
import org.chorus.server.http.SendfileConnector;
import org.chorus.server.http.UnreadBodies;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Chorus node: opens the stores, wires the services and serves HTTP on one port (and federated gRPC on another). */
public final class ChorusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChorusServer.class);
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final ChorusConfig config;
    private final Resources resources;
    private final Javalin app;
    private final int federatedPort;
    private final Discovery discovery;

    private ChorusServer(ChorusConfig config, Resources resources, Javalin app, int federatedPort, Discovery discovery) {
        this.config = config;
        this.resources = resources;
        this.app = app;
        this.federatedPort = federatedPort;
        this.discovery = discovery;
    }

    public static ChorusServer start(ChorusConfig config) {
        Resources resources = new Resources();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().commonTags("node", config.nodeId());
            Wiring wiring = new Wiring(config, registry, resources);
            Javalin app = Javalin.create(c -> configure(c, config, new Auth(wiring.accounts, wiring.authThrottle, wiring.sessions), new RequestObservation(registry, config.nodeId()), wiring.routes, new MovedRepos(wiring.repos)));
            app.start(config.host(), config.port());
            return new ChorusServer(config, resources, app, wiring.federated == null ? -1 : wiring.federated.port(), wiring.discovery);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private static void configure(JavalinConfig c, ChorusConfig config, Auth auth, RequestObservation observation, List<Routes> routes,
            MovedRepos moved) {
        c.startup.showJavalinBanner = false;
        c.concurrency.useVirtualThreads = true;
        c.http.maxRequestSize = config.maxBodyBytes();
        c.jsonMapper(new JavalinJackson(org.chorus.server.http.Json.MAPPER, true));
        // Downloads send stored file regions with sendfile through this connector (design-notes, "Transfers").
        c.jetty.addConnector((server, http) -> new SendfileConnector(server, http, config.host(), config.port()));
        c.jetty.modifyServer(server -> {
            server.setStopTimeout(STOP_TIMEOUT_MS);
            server.insertHandler(new GracefulHandler());
            server.setErrorHandler(new JettyErrors());
        });
        c.requestLogger.http(observation::record);
        c.routes.before(observation::assignId);
        c.routes.before(auth::resolve);
        routes.forEach(r -> r.register(c.routes));
        c.routes.exception(ChorusException.class, (e, ctx) -> {
            UnreadBodies.discard(ctx);
            if (e.code() == ErrorCode.REPO_NOT_FOUND && moved.redirect(ctx, Auth.principal(ctx), false)) {
                return;
            }
            ErrorResponses.write(ctx, e.code(), e.getMessage());
        });
        c.routes.exception(HttpResponseException.class, (e, ctx) -> {
            UnreadBodies.discard(ctx);
            ErrorResponses.write(ctx, ErrorResponses.fromStatus(e.getStatus()), e.getMessage());
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", RequestObservation.requestId(ctx), ctx.path(), e);
            ErrorResponses.write(ctx, ErrorCode.INTERNAL, "internal error; request id " + RequestObservation.requestId(ctx));
        });
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

    /** The port federated nodes connect to over gRPC, or -1 when that endpoint is off. */
    public int federatedPort() {
        return federatedPort;
    }

    /** Every HTTP route, in the order the router tries them (tests: the page sweep checks it visits every page). */
    List<io.javalin.router.ParsedEndpoint> routes() {
        return app.unsafe.internalRouter.allHttpHandlers();
    }

    /** Takes the download counts into this node's search index now rather than at its next batch (tests). */
    void refreshDownloadCounts() {
        discovery.refreshDownloadCounts();
    }

    /** Stops accepting requests, lets running ones finish (up to the stop timeout), then closes what the node opened. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            resources.close();
        }
    }
}
