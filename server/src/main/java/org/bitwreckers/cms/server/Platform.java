package org.bitwreckers.cms.server;

import java.util.List;
import java.util.logging.Logger;

import io.helidon.cors.CrossOriginConfig;
import io.helidon.dbclient.DbClient;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.cors.CorsSupport;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.bitwreckers.cms.admin.AdminApi;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.document.IndexManager;
import org.bitwreckers.cms.core.member.MemberDirectory;
import org.bitwreckers.cms.core.seed.DemoSeeder;
import org.bitwreckers.cms.core.site.SiteQueries;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.core.site.SiteRouteLoader;
import org.bitwreckers.cms.delivery.DeliveryApi;
import org.bitwreckers.cms.delivery.ResponseCache;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.Responses;

/**
 * The running platform: database ready, content types loaded, both APIs listening. Tests start it the same way
 * {@link Main} does.
 */
public final class Platform implements AutoCloseable {
    /** Name of the admin listener. */
    public static final String ADMIN_SOCKET = "admin";
    private static final Logger LOG = Logger.getLogger(Platform.class.getName());

    private final DbClient db;
    private final WebServer server;
    private final ResponseCache cache;
    private final ChangeListener listener;

    private Platform(DbClient db, WebServer server, ResponseCache cache, ChangeListener listener) {
        this.db = db;
        this.server = server;
        this.cache = cache;
        this.listener = listener;
    }

    /**
     * Prepares the database, loads content types and demo content, and starts both listeners.
     *
     * @param settings checked settings
     * @return the running platform
     */
    public static Platform start(Settings settings) {
        ContentTypeRegistry registry = ContentTypeRegistry.load(settings.contentTypesDir());
        List<SiteRoute> routes = SiteRouteLoader.load(settings.contentTypesDir(), registry);
        Database.ensureExists(settings.database());
        Database.migrate(settings.database());
        DbClient db = Database.connect(settings.database(), settings.databasePoolSize());
        IndexManager.ensureIndexes(db, registry);

        ContentChanges changes = new ContentChanges();
        DocumentReader reader = new DocumentReader(db);
        DocumentService documents = new DocumentService(db, reader, changes);
        ApiTokenService tokens = new ApiTokenService(db, settings.adminApiToken());
        MemberDirectory members = new MemberDirectory(db);
        if (settings.seedDemoContent()) {
            new DemoSeeder(db, registry, documents, members).seed(settings.contentTypesDir());
        }
        ChangeListener listener = ChangeListener.start(settings.database(), changes);

        ResponseCache cache = new ResponseCache(settings.deliveryCacheEntries());
        JsonBody body = new JsonBody(settings.maxBodyBytes());
        SiteQueries queries = new SiteQueries(db, registry, reader, members);
        DeliveryApi delivery = new DeliveryApi(registry, routes, reader, documents, queries, members, changes, tokens, cache,
                                               body);
        AdminApi admin = new AdminApi(registry, reader, documents, tokens, body);
        OpenApiDocument openApi = new OpenApiDocument(registry, routes);
        CorsSupport cors = CorsSupport.builder()
                .addCrossOrigin(CrossOriginConfig.builder()
                                        .allowOrigins(settings.frontendUrl())
                                        .allowMethods("GET", "HEAD", "POST", "OPTIONS")
                                        .allowHeaders("Authorization", "Content-Type", "If-None-Match")
                                        .exposeHeaders("ETag")
                                        .maxAgeSeconds(600)
                                        .build())
                .build();

        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.maxBodyBytes())
                .directHandlers(ErrorHandling.directHandlers())
                .routing(r -> {
                    ErrorHandling.register(r);
                    r.register("/api", cors);
                    delivery.routing(r);
                    r.get("/openapi.json", (req, res) -> Responses.json(res, Status.OK_200, openApi.delivery()));
                })
                .putSocket(ADMIN_SOCKET, socket -> socket
                        .host(settings.host())
                        .port(settings.adminPort())
                        .maxPayloadSize(settings.maxBodyBytes())
                        .directHandlers(ErrorHandling.directHandlers())
                        .routing(r -> {
                            ErrorHandling.register(r);
                            admin.routing(r);
                            r.get("/openapi.json", (req, res) -> Responses.json(res, Status.OK_200, openApi.admin()));
                                }))
                .addFeature(ObserveFeature.builder()
                                    .sockets(List.of(WebServer.DEFAULT_SOCKET_NAME, ADMIN_SOCKET))
                                    .addObserver(HealthObserver.builder()
                                                         .details(true)
                                                         .addCheck(new DatabaseReadiness(db))
                                                         .build())
                                    .addObserver(MetricsObserver.create(m -> { }))
                                    .build())
                .build()
                .start();
        LOG.info("Delivery API on http://" + settings.host() + ":" + server.port() + "/api/v1, admin API on http://"
                         + settings.host() + ":" + server.port(ADMIN_SOCKET) + "/admin/v1");
        return new Platform(db, server, cache, listener);
    }

    /** @return the delivery listener's port */
    public int port() {
        return server.port();
    }

    /** @return the admin listener's port */
    public int adminPort() {
        return server.port(ADMIN_SOCKET);
    }

    /** Stops listening, then releases the database and the cache. */
    @Override
    public void close() {
        server.stop();
        listener.close();
        cache.close();
        db.close();
    }
}
