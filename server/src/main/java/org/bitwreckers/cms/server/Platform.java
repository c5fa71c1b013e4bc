package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import io.helidon.common.socket.SocketOptions;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;

import org.bitwreckers.cms.admin.AdminApi;
import org.bitwreckers.cms.core.analytics.Analytics;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.db.PgListener;
import org.bitwreckers.cms.core.db.DatabaseReach;
import org.bitwreckers.cms.core.media.LocalStorage;
import org.bitwreckers.cms.core.media.MediaNodes;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.media.S3Storage;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.identity.SessionSignals;
import org.bitwreckers.cms.core.jobs.JobWorkers;
import org.bitwreckers.cms.core.mail.MailSender;
import org.bitwreckers.cms.core.mail.SmtpMailSender;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.delivery.ResponseCache;
import org.bitwreckers.cms.http.Cors;
import org.bitwreckers.cms.http.DatabaseGate;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.HeadRequests;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.server.observe.Metrics;
import org.bitwreckers.cms.server.observe.RequestObserver;
import org.bitwreckers.cms.server.observe.StoredFigures;

/**
 * The running platform: database ready, content types loaded, both APIs listening. Tests start it the same way
 * {@link Main} does.
 */
public final class Platform implements AutoCloseable {
    /** Name of the admin listener. */
    public static final String ADMIN_SOCKET = "admin";
    private static final Logger LOG = Logger.getLogger(Platform.class.getName());
    /** Longest wait for requests in flight at shutdown. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(15);
    /** Small writes go out at once: a large answer is written in two parts (see Responses), and most in one. */
    private static final SocketOptions NO_DELAY = SocketOptions.builder().tcpNoDelay(true).build();

    private final DbClient db;
    private final WebServer server;
    private final ResponseCache cache;
    private final PgListener listener;
    private final JobWorkers workers;
    private final PluginHost plugins;
    private final MediaStorage storage;
    private final SearchEngine search;
    private final Drain drain;
    private final MediaNodes mediaNodes;
    private final RouteTable routes;
    private final Analytics analytics;
    private final Metrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Platform(DbClient db, WebServer server, ResponseCache cache, PgListener listener, JobWorkers workers,
                     PluginHost plugins, MediaStorage storage, SearchEngine search, Drain drain, MediaNodes mediaNodes,
                     RouteTable routes, Analytics analytics, Metrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
        this.analytics = analytics;
        this.drain = drain;
        this.mediaNodes = mediaNodes;
        this.plugins = plugins;
        this.storage = storage;
        this.search = search;
        this.db = db;
        this.server = server;
        this.cache = cache;
        this.listener = listener;
        this.workers = workers;
    }

    /**
     * Starts in three steps: {@link Assembly#assemble assemble} the parts (descriptors, plugins, the schema, the pool,
     * the services and the route table), {@link Assembly#prepare prepare} the data (first admin, demo content,
     * indexes, scheduled jobs) and serve (notifications, workers, both listeners). A start that fails at any step
     * closes everything it opened.
     *
     * @param settings checked settings
     * @return the running platform
     */
    public static Platform start(Settings settings) {
        ListenerTls tls = ListenerTls.load(settings.transport());
        checkPortsFree(settings);
        Opened opened = new Opened();
        try {
            Assembly parts = Assembly.assemble(settings, opened);
            parts.prepare();
            return serve(parts, opened, tls);
        } catch (RuntimeException | Error e) {
            opened.closeAll();
            throw e;
        }
    }

    /** Listens for database notifications, starts the workers and both listeners. */
    private static Platform serve(Assembly parts, Opened opened, ListenerTls tls) {
        Settings settings = parts.settings;
        DatabaseReach reach = new DatabaseReach();
        JobWorkers workers = parts.workers;
        PgListener listener = PgListener.start(
                settings.database(), Map.of("content_changed", parts.changes::changed, "jobs_ready", k -> workers.wake(),
                                            "notifications", parts.hub::announced,
                                            SessionSignals.CHANNEL, parts.hub::sessionsEnded),
                () -> {
                    parts.changes.changedAll();
                    workers.wake();
                }, reach);
        opened.add("database notifications", listener, listener::close);
        parts.metrics.beforeScrape(new StoredFigures(parts.db, reach, parts.metrics.registry())::refresh);
        workers.start();
        Drain drain = new Drain();
        WebServer server = listen(settings, parts, new Cors(settings.corsOrigins()), reach, drain, tls);
        String adminHost = settings.transport().adminHost();
        if (!server.isRunning()) { // Helidon logs the cause and returns a stopped server; nothing may run behind it
            throw new SettingsException(List.of("cannot listen on " + settings.host() + " port " + settings.port()
                                                        + " (HOST, PORT) or " + adminHost + " port "
                                                        + settings.adminPort() + " (ADMIN_HOST, ADMIN_PORT)"));
        }
        opened.add("listeners", server, server::stop);
        LOG.info("Delivery API on " + tls.deliveryScheme() + "://" + settings.host() + ":" + server.port()
                         + "/api/v1, admin API on " + tls.adminScheme() + "://" + adminHost + ":"
                         + server.port(ADMIN_SOCKET) + "/admin/v1 (API docs at /docs on each)");
        return new Platform(parts.db, server, parts.cache, listener, workers, parts.plugins, parts.storage, parts.search,
                            drain, parts.mediaNodes, parts.routes, parts.analytics, parts.metrics);
    }

    private static WebServer listen(Settings settings, Assembly parts, Cors cors, DatabaseReach reach, Drain drain,
                                    ListenerTls tls) {
        RouteTable table = parts.routes;
        AdminApi admin = parts.admin;
        MediaService media = parts.media;
        DatabaseGate gate = new DatabaseGate(reach);
        ConnectionRecycling recycling = new ConnectionRecycling();
        WebServerConfig.Builder builder = WebServer.builder();
        tls.delivery().ifPresent(builder::tls);
        return builder
                .shutdownHook(false) // Main's hook shuts down in order; Helidon's own would stop the listeners early
                .host(settings.host())
                .port(settings.port())
                .connectionOptions(NO_DELAY)
                // Helidon's buffer for a response's output stream, made per answer: ours are written in at most two
                // writes (Responses.send) and media files in 16 KB pieces, so it only copied; a quarter of a cached
                // list's garbage
                .writeBufferSize(0)
                // avatars are uploads too; JSON readers keep MAX_BODY_BYTES themselves
                .maxPayloadSize(Math.max(settings.maxBodyBytes(), settings.media().maxImageBytes() + 1024 * 1024))
                .directHandlers(ErrorHandling.directHandlers())
                .routing(r -> {
                    r.addFilter(new RequestObserver(Listener.DELIVERY, table, parts.metrics)).addFilter(drain)
                            .addFilter(recycling);
                    ErrorHandling.register(r);
                    r.addFilter(cors).addFilter(new HeadRequests()).addFilter(gate);
                    table.route(Listener.DELIVERY, r);
                    ApiDocs.swaggerUi(r);
                })
                .putSocket(ADMIN_SOCKET, socket -> socket
                        .host(settings.transport().adminHost())
                        .port(settings.adminPort())
                        .connectionOptions(NO_DELAY)
                        .update(s -> tls.admin().ifPresent(s::tls))
                        // media uploads are larger than JSON bodies; JSON readers keep MAX_BODY_BYTES themselves
                        .maxPayloadSize(Math.max(settings.maxBodyBytes(), media.maxUploadBytes() + 1024 * 1024))
                        .directHandlers(ErrorHandling.directHandlers())
                        .routing(r -> {
                            r.addFilter(new RequestObserver(Listener.ADMIN, table, parts.metrics)).addFilter(drain)
                                    .addFilter(recycling);
                            ErrorHandling.register(r);
                            r.addFilter(cors).addFilter(new HeadRequests()).addFilter(gate);
                            admin.routing(r, table);
                            ApiDocs.swaggerUi(r);
                            r.register(new AdminAppFiles(media.urlBase())); // the admin web app, at /admin/
                                }))
                .addFeature(ObserveFeature.builder()
                                    .sockets(List.of(ADMIN_SOCKET)) // health details stay off the public port
                                    .addObserver(health(settings, parts, reach, drain))
                                    .build())
                .build()
                .start();
    }

    /** Readiness: what the node needs to serve, and whether it is shutting down. */
    private static HealthObserver health(Settings settings, Assembly parts, DatabaseReach reach, Drain drain) {
        HealthObserverConfig.Builder health = HealthObserver.builder()
                .details(true)
                .addCheck(new DatabaseReadiness(parts.db, reach))
                .addCheck(new ListenReadiness(reach))
                .addCheck(new ReachableReadiness("media-storage", parts.storage::problem));
        if (settings.search().elasticsearchUrl().isPresent()) { // the embedded engine is the database, checked already
            health.addCheck(new ReachableReadiness("search-engine", parts.search::problem));
        }
        return health.addCheck(drain).build();
    }

    /** A port already taken is an operator's error: named with its setting before anything starts. */
    private static void checkPortsFree(Settings settings) {
        List<String> taken = new ArrayList<>();
        Map<String, String> hosts = Map.of("PORT", settings.host(), "ADMIN_PORT", settings.transport().adminHost());
        for (Map.Entry<String, Integer> port : Map.of("PORT", settings.port(), "ADMIN_PORT", settings.adminPort()).entrySet()) {
            if (port.getValue() == 0) {
                continue; // any free port
            }
            String host = hosts.get(port.getKey());
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(host, port.getValue()));
            } catch (IOException e) {
                taken.add(port.getKey() + " " + port.getValue() + " cannot be used on " + host + ": " + e.getMessage());
            }
        }
        if (!taken.isEmpty()) {
            throw new SettingsException(taken);
        }
    }

    static Optional<MailSender> smtp(Settings settings) {
        Settings.Smtp smtp = settings.smtp();
        SmtpMailSender.Security security = SmtpMailSender.Security.valueOf(
                smtp.security().toUpperCase(Locale.ROOT));
        return smtp.host().map(host -> new SmtpMailSender(host, smtp.port(), security, smtp.trustedCa(),
                                                          smtp.username().orElse(null), smtp.password().orElse(null),
                                                          settings.mail().from()));
    }

    /**
     * S3 when a bucket is set (its region is then required; keys, or the AWS default credentials), the local folder
     * otherwise.
     *
     * @param settings checked settings
     * @return the store (an S3 one is closed by the caller)
     */
    public static MediaStorage mediaStorage(Settings settings) {
        Settings.Storage s3 = settings.storage();
        if (s3.bucketName().isPresent() && s3.region().isPresent()) {
            LOG.info("Media in S3 bucket " + s3.bucketName().get() + settings.media().s3Endpoint().map(e -> " at " + e)
                    .orElse("") + (s3.accessKeyId().isPresent() ? " with the keys set" : " with the AWS default credentials"));
            return new S3Storage(s3.accessKeyId(), s3.secretAccessKey(), s3.region().get(), s3.bucketName().get(),
                                 settings.media().s3Endpoint(), settings.media().s3PathStyle());
        }
        LOG.info("Media in the local folder " + settings.media().dir().toAbsolutePath());
        return new LocalStorage(settings.media().dir());
    }

    static RateLimits rateLimits(Settings settings) {
        Settings.RateLimits r = settings.rateLimits();
        return new RateLimits(Duration.ofSeconds(r.windowSeconds()), r.auth(), r.forms(), r.trustedProxies());
    }

    static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "node:" + ProcessHandle.current().pid();
        }
    }

    /** @return every route of both listeners */
    public RouteTable routes() {
        return routes;
    }

    /** @return the delivery listener's port */
    public int port() {
        return server.port();
    }

    /** @return the admin listener's port */
    public int adminPort() {
        return server.port(ADMIN_SOCKET);
    }

    /**
     * Shuts down in order: readiness goes down and requests in flight finish, the listeners stop, running jobs finish
     * (or are handed back), and only then the database pool and the rest close. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!drain.drain(DRAIN_LIMIT)) {
            LOG.warning("Requests still running after " + DRAIN_LIMIT.toSeconds() + " s are cut off by the shutdown");
        }
        server.stop();
        workers.close();
        analytics.close(); // the beacons still queued are written before the pool closes
        search.close();
        listener.close();
        cache.close();
        mediaNodes.close();
        db.close();
        metrics.close();
        plugins.close();
        if (storage instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.fine("media storage did not close cleanly: " + e);
            }
        }
    }
}
