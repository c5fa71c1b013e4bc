package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.bitwreckers.cms.admin.AdminApi;
import org.bitwreckers.cms.core.audit.AuditLog;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.PgListener;
import org.bitwreckers.cms.core.db.DatabaseReach;
import org.bitwreckers.cms.core.db.PlatformKeys;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.document.IndexManager;
import org.bitwreckers.cms.core.document.WriteHooks;
import org.bitwreckers.cms.core.media.LocalStorage;
import org.bitwreckers.cms.core.media.MediaNodes;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.media.S3Storage;
import org.bitwreckers.cms.core.plugin.CoreServices;
import org.bitwreckers.cms.core.plugin.PluginHooks;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginTasks;
import org.bitwreckers.cms.core.workflow.WorkflowService;
import org.bitwreckers.cms.core.identity.AccessTokens;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.PasswordHasher;
import org.bitwreckers.cms.core.identity.SessionSignals;
import org.bitwreckers.cms.core.identity.SignInThrottle;
import org.bitwreckers.cms.core.identity.StreamTickets;
import org.bitwreckers.cms.core.identity.UserAdministration;
import org.bitwreckers.cms.core.jobs.Housekeeping;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.jobs.JobWorkers;
import org.bitwreckers.cms.core.mail.MailSender;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.mail.MailTemplates;
import org.bitwreckers.cms.core.mail.SmtpMailSender;
import org.bitwreckers.cms.core.mail.SubmissionMailer;
import org.bitwreckers.cms.core.member.MemberDirectory;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.core.notification.NotificationHub;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.core.schedule.PublishingSchedule;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchEngines;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.core.webhook.WebhookService;
import org.bitwreckers.cms.core.seed.DemoSeeder;
import org.bitwreckers.cms.core.site.SiteQueries;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.core.site.SiteRouteLoader;
import org.bitwreckers.cms.delivery.DeliveryApi;
import org.bitwreckers.cms.delivery.ResponseCache;
import org.bitwreckers.cms.http.Cors;
import org.bitwreckers.cms.http.DatabaseGate;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.HeadRequests;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.PluginRouting;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.Responses;

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
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Platform(DbClient db, WebServer server, ResponseCache cache, PgListener listener, JobWorkers workers,
                     PluginHost plugins, MediaStorage storage, SearchEngine search, Drain drain, MediaNodes mediaNodes) {
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
     * Prepares the database, loads content types and demo content, and starts both listeners.
     *
     * @param settings checked settings
     * @return the running platform
     */
    public static Platform start(Settings settings) {
        checkPortsFree(settings);
        PluginHost plugins = PluginHost.load(settings.plugins());
        ContentTypeRegistry siteTypes = ContentTypeRegistry.load(settings.contentTypesDir());
        List<SiteRoute> routes = SiteRouteLoader.load(settings.contentTypesDir(), siteTypes);
        ContentTypeRegistry registry = plugins.admit(siteTypes, routes.stream()
                .map(r -> r.method() + " " + r.path().replaceAll("\\{[^}]+}", "{}")).toList());
        Database.ensureExists(settings.database());
        Database.migrate(settings.database());
        DbClient db = Database.connect(settings.database(), settings.databasePoolSize());
        IndexManager.ensureIndexes(db, registry);

        MailTemplates templates = new MailTemplates(Optional.of(settings.mail().templatesDir()), plugins.templateLoaders());
        checkSubmitTemplates(registry, templates);
        JobQueue jobs = new JobQueue(db);
        String secretKey = settings.secretKey().orElseGet(() -> PlatformKeys.developmentSigningKey(db));
        MailService mail = new MailService(db, jobs, templates, smtp(settings), "bitwreckers.mail", secretKey);

        WebhookService webhooks = new WebhookService(db, jobs, settings.webhookPrivateTargets(),
                                                     Duration.ofSeconds(settings.jobs().webhookTimeoutSeconds()));
        NotificationService notifications = new NotificationService(db);
        PasswordHasher passwords = new PasswordHasher();
        UserAdministration users = new UserAdministration(db, passwords);
        settings.firstAdmin().ifPresent(admin -> {
            try {
                users.ensureFirstAdmin(admin.email(), admin.password());
            } catch (RuntimeException e) {
                throw new SettingsException(List.of("ADMIN_EMAIL/ADMIN_PASSWORD: " + e.getMessage()));
            }
        });
        MediaStorage storage = mediaStorage(settings);
        MediaService media = new MediaService(db, jobs, storage, settings.media(), settings.publicUrl());
        AccountService accounts = new AccountService(db, passwords,
                                                     new AccessTokens(secretKey, settings.algorithm(),
                                                                      Duration.ofMinutes(settings.accessTokenExpireMinutes())),
                                                     mail, jobs, new SignInThrottle(db, Duration.ofSeconds(
                                                             settings.rateLimits().windowSeconds()),
                                                                              settings.rateLimits().failedLogins()),
                                                     settings.frontendUrl(), media.links());
        NotificationHub hub = new NotificationHub(notifications);
        NotificationEndpoints notificationEndpoints = new NotificationEndpoints(notifications, hub,
                                                                                new StreamTickets(db, accounts));
        NewsletterService newsletter = new NewsletterService(db, jobs, mail, secretKey, settings.frontendUrl(),
                                                             settings.publicUrl());

        SearchEngine search = SearchEngines.create(db, registry, settings.search());
        SearchIndexer indexer = new SearchIndexer(db, jobs, search);
        ContentChanges changes = new ContentChanges();
        DocumentReader reader = new DocumentReader(db, changes);
        DocumentService documents = new DocumentService(db, reader, changes,
                                                        List.of(new SubmissionMailer(mail, settings.mail().teamInbox())),
                                                        List.of(webhooks, indexer));
        plugins.bind(new CoreServices(db, registry, documents, mail, notifications, settings.mail().teamInbox()));
        PluginHooks pluginHooks = new PluginHooks(plugins);
        WorkflowService workflows = new WorkflowService(db, documents, plugins.running().stream()
                .flatMap(p -> p.workflows().stream()).toList(), pluginHooks);
        documents.useHooks(WriteHooks.chain(List.of(workflows, pluginHooks)));
        PluginTasks tasks = new PluginTasks(plugins, jobs, db);
        tasks.schedule();
        PublishingSchedule schedule = new PublishingSchedule(db, registry, documents, jobs);
        documents.useMediaUrlBase(media.urlBase());
        reader.useMedia(media.links());
        MediaNodes mediaNodes = MediaNodes.join(db, nodeName(), storage, settings.media().sharedDir());
        ApiTokenService tokens = new ApiTokenService(db, settings.adminApiToken());
        MemberDirectory members = new MemberDirectory(db, media.links());
        if (settings.seedDemoContent()) {
            new DemoSeeder(db, registry, documents, members, media).seed(settings.contentTypesDir());
        }
        Map<String, JobHandler> handlers = new HashMap<>(Map.of(MailService.SEND, mail, PublishingSchedule.KIND, schedule,
                                                   WebhookService.DELIVER, webhooks, NewsletterService.SEND_BATCH, newsletter,
                                                   Housekeeping.KIND, new Housekeeping(db), PluginTasks.KIND, tasks,
                                                   MediaService.VARIANTS, media, SearchIndexer.INDEX, indexer,
                                                   SearchIndexer.REBUILD, indexer, AccountService.PASSWORD_RESET, accounts));
        handlers.put(AccountService.REGISTRATION, accounts); // Map.of takes ten pairs at most
        JobWorkers workers = new JobWorkers(db, handlers,
                                            new JobWorkers.JobSettings(settings.jobs().workers(),
                                                                       Duration.ofSeconds(settings.jobs().leaseSeconds()),
                                                                       Duration.ofMillis((long) (settings.jobs()
                                                                               .backoffSeconds() * 1000)),
                                                                       Duration.ofMillis((long) (settings.jobs()
                                                                               .backoffMaxSeconds() * 1000)),
                                                                       Duration.ofSeconds(1),
                                                                       Map.of(WebhookService.DELIVER,
                                                                              settings.jobs().webhookWorkers())),
                                            nodeName());
        DatabaseReach reach = new DatabaseReach();
        PgListener listener = PgListener.start(settings.database(),
                                               Map.of("content_changed", changes::changed, "jobs_ready", k -> workers.wake(),
                                                      "notifications", hub::announced,
                                                      SessionSignals.CHANNEL, hub::sessionsEnded),
                                               () -> {
                                                   changes.changedAll();
                                                   workers.wake();
                                               }, reach);
        Housekeeping.schedule(jobs);
        indexer.prepare(); // a new or changed index, or one restored without its entries, is rebuilt
        workers.start();

        ResponseCache cache = new ResponseCache(settings.deliveryCacheMegabytes() * 1024L * 1024);
        JsonBody body = new JsonBody(settings.maxBodyBytes());
        RateLimits limits = rateLimits(settings);
        PluginRouting pluginRouting = new PluginRouting(plugins, accounts, limits, body);
        SiteQueries queries = new SiteQueries(db, registry, reader, members);
        DeliveryApi delivery = new DeliveryApi(registry, routes, reader, documents, queries, members, changes, tokens, cache,
                                               newsletter, accounts, limits,
                                               notificationEndpoints, body, pluginRouting, media, search);
        AdminApi admin = new AdminApi(registry, reader, documents, schedule, tokens, jobs, mail, webhooks, newsletter,
                                      notifications, notificationEndpoints, accounts, users, new AuditLog(db), body,
                                      new AdminApi.Extensions(plugins, tasks, workflows, pluginRouting, media,
                                                             search, indexer));
        OpenApiDocument openApi = new OpenApiDocument(registry, routes, plugins.routes());
        Cors cors = new Cors(settings.corsOrigins());
        Drain drain = new Drain();
        WebServer server = listen(settings, delivery, admin, openApi, cors, media, db, reach, drain);
        if (!server.isRunning()) { // Helidon logs the cause and returns a stopped server; nothing may run behind it
            workers.close();
            search.close();
            listener.close();
            mediaNodes.close();
            db.close();
            plugins.close();
            throw new SettingsException(List.of("cannot listen on " + settings.host() + " port " + settings.port()
                                                        + " (PORT) or " + settings.adminPort() + " (ADMIN_PORT)"));
        }
        LOG.info("Delivery API on http://" + settings.host() + ":" + server.port() + "/api/v1, admin API on http://"
                         + settings.host() + ":" + server.port(ADMIN_SOCKET) + "/admin/v1");
        return new Platform(db, server, cache, listener, workers, plugins, storage, search, drain, mediaNodes);
    }

    private static WebServer listen(Settings settings, DeliveryApi delivery, AdminApi admin, OpenApiDocument openApi,
                                    Cors cors, MediaService media, DbClient db, DatabaseReach reach, Drain drain) {
        DatabaseGate gate = new DatabaseGate(reach);
        return WebServer.builder()
                .shutdownHook(false) // Main's hook shuts down in order; Helidon's own would stop the listeners early
                .host(settings.host())
                .port(settings.port())
                // avatars are uploads too; JSON readers keep MAX_BODY_BYTES themselves
                .maxPayloadSize(Math.max(settings.maxBodyBytes(), settings.media().maxImageBytes() + 1024 * 1024))
                .directHandlers(ErrorHandling.directHandlers())
                .routing(r -> {
                    r.addFilter(drain);
                    ErrorHandling.register(r);
                    r.addFilter(cors).addFilter(new HeadRequests()).addFilter(gate);
                    delivery.routing(r);
                    r.get("/openapi.json", (req, res) -> Responses.json(res, Status.OK_200, openApi.delivery()));
                })
                .putSocket(ADMIN_SOCKET, socket -> socket
                        .host(settings.host())
                        .port(settings.adminPort())
                        // media uploads are larger than JSON bodies; JSON readers keep MAX_BODY_BYTES themselves
                        .maxPayloadSize(Math.max(settings.maxBodyBytes(), media.maxUploadBytes() + 1024 * 1024))
                        .directHandlers(ErrorHandling.directHandlers())
                        .routing(r -> {
                            r.addFilter(drain);
                            ErrorHandling.register(r);
                            r.addFilter(cors).addFilter(new HeadRequests()).addFilter(gate);
                            admin.routing(r);
                            r.get("/openapi.json", (req, res) -> Responses.json(res, Status.OK_200, openApi.admin()));
                            r.register(new AdminAppFiles()); // the admin web app, at /admin/
                                }))
                .addFeature(ObserveFeature.builder()
                                    .sockets(List.of(ADMIN_SOCKET)) // health details and metrics stay off the public port
                                    .addObserver(HealthObserver.builder()
                                                         .details(true)
                                                         .addCheck(new DatabaseReadiness(db, reach))
                                                         .addCheck(drain)
                                                         .build())
                                    .addObserver(MetricsObserver.create(m -> { }))
                                    .build())
                .build()
                .start();
    }

    /** A port already taken is an operator's error: named with its setting before anything starts. */
    private static void checkPortsFree(Settings settings) {
        List<String> taken = new java.util.ArrayList<>();
        for (Map.Entry<String, Integer> port : Map.of("PORT", settings.port(), "ADMIN_PORT", settings.adminPort()).entrySet()) {
            if (port.getValue() == 0) {
                continue; // any free port
            }
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(settings.host(), port.getValue()));
            } catch (java.io.IOException e) {
                taken.add(port.getKey() + " " + port.getValue() + " cannot be used on " + settings.host() + ": "
                                  + e.getMessage());
            }
        }
        if (!taken.isEmpty()) {
            throw new SettingsException(taken);
        }
    }

    private static Optional<MailSender> smtp(Settings settings) {
        Settings.Smtp smtp = settings.smtp();
        SmtpMailSender.Security security = SmtpMailSender.Security.valueOf(
                smtp.security().toUpperCase(java.util.Locale.ROOT));
        return smtp.host().map(host -> new SmtpMailSender(host, smtp.port(), security, smtp.trustedCa(),
                                                          smtp.username().orElse(null), smtp.password().orElse(null),
                                                          settings.mail().from()));
    }

    /** S3 when all four AWS variables are set, the local folder otherwise. */
    private static MediaStorage mediaStorage(Settings settings) {
        Settings.Storage s3 = settings.storage();
        if (s3.accessKeyId().isPresent() && s3.secretAccessKey().isPresent() && s3.bucketName().isPresent()
                && s3.region().isPresent()) {
            LOG.info("Media in S3 bucket " + s3.bucketName().get() + settings.media().s3Endpoint().map(e -> " at " + e)
                    .orElse(""));
            return new S3Storage(s3.accessKeyId().get(), s3.secretAccessKey().get(), s3.region().get(),
                                 s3.bucketName().get(), settings.media().s3Endpoint(), settings.media().s3PathStyle());
        }
        LOG.info("Media in the local folder " + settings.media().dir().toAbsolutePath());
        return new LocalStorage(settings.media().dir());
    }

    private static RateLimits rateLimits(Settings settings) {
        Settings.RateLimits r = settings.rateLimits();
        return new RateLimits(Duration.ofSeconds(r.windowSeconds()), r.auth(), r.forms(), r.trustedProxies());
    }

    /** A descriptor naming a mail template that does not exist stops start-up, like any bad descriptor. */
    private static void checkSubmitTemplates(ContentTypeRegistry registry, MailTemplates templates) {
        for (String name : MailTemplates.BUILT_IN) { // a broken operator override stops start-up, not every form post
            try {
                templates.render(name, Map.of());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new DescriptorException("mail template " + name, null, e.getMessage());
            }
        }
        for (ContentType type : registry.all()) {
            for (ContentType.SubmitMail mail : type.onSubmit()) {
                try {
                    templates.render(mail.template(), Map.of());
                } catch (IllegalArgumentException e) {
                    throw new DescriptorException(type.source(), null, "onSubmit: " + e.getMessage());
                }
            }
        }
    }

    private static String nodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "node:" + ProcessHandle.current().pid();
        }
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
        search.close();
        listener.close();
        cache.close();
        mediaNodes.close();
        db.close();
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
