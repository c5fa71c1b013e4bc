package org.bitwreckers.cms.server;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.dbclient.DbClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.bitwreckers.cms.admin.AdminApi;
import org.bitwreckers.cms.core.audit.AuditLog;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.Database.Sessions;
import org.bitwreckers.cms.core.db.PoolByThread;
import org.bitwreckers.cms.server.observe.CacheMeters;
import org.bitwreckers.cms.server.observe.Metrics;
import org.bitwreckers.cms.server.observe.MetricsEndpoint;
import org.bitwreckers.cms.server.observe.PoolMeters;
import org.bitwreckers.cms.server.observe.TimedSearch;
import org.bitwreckers.cms.core.db.PlatformKeys;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.document.IndexManager;
import org.bitwreckers.cms.core.document.WriteHooks;
import org.bitwreckers.cms.core.identity.AccessTokens;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.PasswordHasher;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.identity.SignInThrottle;
import org.bitwreckers.cms.core.identity.StaffInvitations;
import org.bitwreckers.cms.core.identity.StreamTickets;
import org.bitwreckers.cms.core.identity.UserAdministration;
import org.bitwreckers.cms.core.analytics.Analytics;
import org.bitwreckers.cms.core.analytics.AnalyticsReports;
import org.bitwreckers.cms.core.analytics.AnalyticsRollup;
import org.bitwreckers.cms.core.analytics.AnalyticsUpkeep;
import org.bitwreckers.cms.core.analytics.PlatformReports;
import org.bitwreckers.cms.core.analytics.TrafficReports;
import org.bitwreckers.cms.core.jobs.Housekeeping;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.jobs.JobWorkers;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.mail.MailTemplates;
import org.bitwreckers.cms.core.mail.SubmissionMailer;
import org.bitwreckers.cms.core.media.MediaNodes;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.member.MemberDirectory;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.core.notification.NotificationHub;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.core.plugin.CoreServices;
import org.bitwreckers.cms.core.plugin.PluginHooks;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginStartException;
import org.bitwreckers.cms.core.plugin.PluginTasks;
import org.bitwreckers.cms.core.schedule.PublishingSchedule;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchEngines;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.core.timeline.DocumentTimeline;
import org.bitwreckers.cms.core.seed.DemoSeeder;
import org.bitwreckers.cms.core.site.SiteQueries;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.core.webhook.WebhookService;
import org.bitwreckers.cms.core.workflow.WorkflowService;
import org.bitwreckers.cms.delivery.DeliveryApi;
import org.bitwreckers.cms.delivery.ResponseCache;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.PluginRouting;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.PluginRouteException;
import org.bitwreckers.cms.http.route.RouteTable;

/**
 * The platform's parts, wired together but not yet serving: what {@link Platform#start} assembles, prepares and then
 * serves. Everything that holds a connection or a thread is registered with {@link Opened} as soon as it exists.
 */
final class Assembly {
    final Settings settings;
    final DbClient db;
    final PluginHost plugins;
    final ContentTypeRegistry registry;
    final MediaStorage storage;
    final MediaService media;
    final MediaNodes mediaNodes;
    final SearchEngine search;
    final SearchIndexer indexer;
    final ContentChanges changes;
    final NotificationHub hub;
    final JobQueue jobs;
    final JobWorkers workers;
    final ResponseCache cache;
    final AdminApi admin;
    final Analytics analytics;
    final RouteTable routes;
    final Metrics metrics;
    private final UserAdministration users;
    private final DocumentService documents;
    private final MemberDirectory members;
    private final PluginTasks tasks;

    private Assembly(Settings settings, DbClient db, PluginHost plugins, ContentTypeRegistry registry, Services s,
                     RouteTable routes, Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.db = db;
        this.plugins = plugins;
        this.registry = registry;
        this.storage = s.storage;
        this.media = s.media;
        this.mediaNodes = s.mediaNodes;
        this.search = s.search;
        this.indexer = s.indexer;
        this.changes = s.changes;
        this.hub = s.hub;
        this.jobs = s.jobs;
        this.workers = s.workers;
        this.cache = s.cache;
        this.admin = s.admin;
        this.analytics = s.analytics;
        this.users = s.users;
        this.documents = s.documents;
        this.members = s.members;
        this.tasks = s.tasks;
        this.routes = routes;
    }

    /** The services as they are built, before the route table exists. */
    private static final class Services {
        MediaStorage storage;
        MediaService media;
        MediaNodes mediaNodes;
        SearchEngine search;
        SearchIndexer indexer;
        ContentChanges changes;
        NotificationHub hub;
        JobQueue jobs;
        JobWorkers workers;
        ResponseCache cache;
        AdminApi admin;
        DeliveryApi delivery;
        Analytics analytics;
        UserAdministration users;
        DocumentService documents;
        MemberDirectory members;
        PluginTasks tasks;
    }

    /**
     * Loads descriptors and plugins, migrates the schema, opens the pool and wires every service and the route table.
     *
     * @param settings checked settings
     * @param opened   where what is opened is registered
     * @return the parts
     */
    static Assembly assemble(Settings settings, Opened opened) {
        Catalog catalog = Catalog.load(settings);
        opened.add("plugins", catalog, catalog::close);
        PluginHost plugins = catalog.plugins();
        ContentTypeRegistry registry = catalog.registry();
        MailTemplates templates = catalog.mailTemplates(settings);
        Database.ensureExists(settings.database());
        Database.bringUpToDate(settings.database());
        Metrics metrics = new Metrics();
        opened.add("metrics", metrics, metrics::close);
        DbClient main = PoolMeters.connect(settings.database(), Sessions.READ_WRITE, settings.databasePoolSize(),
                                           metrics.registry());
        // two per worker (a job may hold a transaction and make statements beside it, as a search rebuild does), one
        // for the maintenance and one for lease heartbeats
        DbClient jobs = PoolMeters.connect(settings.database(), Sessions.JOBS, 2 * settings.jobs().workers() + 2,
                                           metrics.registry());
        DbClient db = new PoolByThread(main, jobs);
        opened.add("database pools", db, db::close);
        DbClient reads = PoolMeters.connect(settings.database(), Sessions.READ_ONLY, settings.databaseReadPoolSize(),
                                            metrics.registry());
        opened.add("database read pool", reads, reads::close);
        Services s = services(settings, db, reads, catalog, templates, opened, metrics.registry());
        AtomicReference<OpenApiDocument> openApi = new AtomicReference<>();
        RouteTable routes;
        try {
            routes = RouteTable.builder()
                    .on(Listener.DELIVERY, s.delivery::mounts)
                    .on(Listener.ADMIN, s.admin::mounts)
                    .on(Listener.DELIVERY, t -> ApiDocs.mounts(t, () -> openApi.get().delivery()))
                    .on(Listener.ADMIN, t -> ApiDocs.mounts(t, () -> openApi.get().admin()))
                    .on(Listener.ADMIN, t -> MetricsEndpoint.mounts(t, metrics))
                    .build();
        } catch (PluginRouteException e) {
            throw new PluginStartException(e.getMessage());
        }
        openApi.set(new OpenApiDocument(registry, routes));
        return new Assembly(settings, db, plugins, registry, s, routes, metrics);
    }

    private static Services services(Settings settings, DbClient db, DbClient reads, Catalog catalog,
                                     MailTemplates templates, Opened opened, MeterRegistry meters) {
        Services s = new Services();
        PluginHost plugins = catalog.plugins();
        ContentTypeRegistry registry = catalog.registry();
        RoleTable roles = catalog.roles();
        List<SiteRoute> siteRoutes = catalog.siteRoutes();
        s.jobs = new JobQueue(db);
        String secretKey = settings.secretKey().orElseGet(() -> PlatformKeys.developmentSigningKey(db));
        MailService mail = new MailService(db, s.jobs, templates, Platform.smtp(settings), "bitwreckers.mail", secretKey);
        WebhookService webhooks = new WebhookService(db, s.jobs, settings.webhookPrivateTargets(),
                                                     Duration.ofSeconds(settings.jobs().webhookTimeoutSeconds()));
        NotificationService notifications = new NotificationService(db);
        PasswordHasher passwords = new PasswordHasher();
        s.users = new UserAdministration(db, passwords, roles);
        s.storage = Platform.mediaStorage(settings);
        if (s.storage instanceof AutoCloseable closeable) {
            opened.add("media storage", closeable, closeable);
        }
        s.media = new MediaService(db, s.jobs, s.storage, settings.media(), settings.publicUrl());
        AccountService accounts = new AccountService(db, passwords,
                                                     new AccessTokens(secretKey, settings.algorithm(),
                                                                      Duration.ofMinutes(settings.accessTokenExpireMinutes())),
                                                     mail, s.jobs, new SignInThrottle(db, Duration.ofSeconds(
                                                             settings.rateLimits().windowSeconds()),
                                                                              settings.rateLimits().failedLogins()),
                                                     settings.frontendUrl(), s.media.links());
        StaffInvitations invitations = new StaffInvitations(db, passwords, mail, s.jobs, roles, accounts,
                                                            settings.adminUrl());
        s.hub = new NotificationHub(notifications);
        NotificationEndpoints notificationEndpoints = new NotificationEndpoints(notifications, s.hub,
                                                                                new StreamTickets(db, accounts));
        NewsletterService newsletter = new NewsletterService(db, s.jobs, mail, secretKey, settings.frontendUrl(),
                                                             settings.publicUrl());
        s.changes = new ContentChanges();
        s.search = new TimedSearch(SearchEngines.create(db, registry, settings.search(), s.changes), meters);
        opened.add("search engine", s.search, s.search::close);
        s.indexer = new SearchIndexer(db, s.jobs, s.search);
        DocumentReader reader = new DocumentReader(db, reads, s.changes);
        s.documents = new DocumentService(db, reader, s.changes,
                                          List.of(new SubmissionMailer(mail, settings.mail().teamInbox())),
                                          List.of(webhooks, s.indexer));
        plugins.bind(new CoreServices(db, registry, s.documents, mail, notifications, settings.mail().teamInbox()));
        PluginHooks pluginHooks = new PluginHooks(plugins);
        WorkflowService workflows = new WorkflowService(db, s.documents, plugins.running().stream()
                .flatMap(p -> p.workflows().stream()).toList(), pluginHooks);
        s.documents.useHooks(WriteHooks.chain(List.of(workflows, pluginHooks)));
        s.tasks = new PluginTasks(plugins, s.jobs, db);
        PublishingSchedule schedule = new PublishingSchedule(db, registry, s.documents, s.jobs);
        s.documents.useMediaUrlBase(s.media.urlBase());
        reader.useMedia(s.media.links());
        s.mediaNodes = MediaNodes.join(db, Platform.nodeName(), s.storage, settings.media().sharedDir());
        opened.add("media nodes", s.mediaNodes, s.mediaNodes::close);
        ApiTokenService tokens = new ApiTokenService(db, settings.adminApiToken());
        s.members = new MemberDirectory(db, s.media.links(), roles);
        Map<String, JobHandler> handlers = new HashMap<>(Map.of(MailService.SEND, mail, PublishingSchedule.KIND, schedule,
                                                   WebhookService.DELIVER, webhooks, NewsletterService.SEND_BATCH, newsletter,
                                                   Housekeeping.KIND, new Housekeeping(db), PluginTasks.KIND, s.tasks,
                                                   MediaService.VARIANTS, s.media, SearchIndexer.INDEX, s.indexer,
                                                   SearchIndexer.REBUILD, s.indexer, AccountService.PASSWORD_RESET, accounts));
        handlers.put(AccountService.REGISTRATION, accounts); // Map.of takes ten pairs at most
        handlers.put(StaffInvitations.MAIL, invitations);
        s.analytics = new Analytics(db, settings.analytics(), Clock.systemUTC());
        opened.add("analytics", s.analytics, s.analytics::close);
        handlers.put(AnalyticsRollup.KIND, new AnalyticsRollup(db, Clock.systemUTC()));
        handlers.put(AnalyticsUpkeep.KIND, new AnalyticsUpkeep(s.analytics, settings.analytics().retentionMonths(),
                                                               Clock.systemUTC()));
        s.workers = new JobWorkers(db, handlers,
                                   new JobWorkers.JobSettings(settings.jobs().workers(),
                                                              Duration.ofSeconds(settings.jobs().leaseSeconds()),
                                                              Duration.ofMillis((long) (settings.jobs().backoffSeconds() * 1000)),
                                                              Duration.ofMillis((long) (settings.jobs().backoffMaxSeconds() * 1000)),
                                                              Duration.ofSeconds(1),
                                                              Map.of(WebhookService.DELIVER, settings.jobs().webhookWorkers())),
                                   Platform.nodeName());
        opened.add("job workers", s.workers, s.workers::close);
        s.cache = new ResponseCache(settings.deliveryCacheMegabytes() * 1024L * 1024);
        opened.add("response cache", s.cache, s.cache::close);
        CacheMeters.bind(s.cache, meters);
        JsonBody body = new JsonBody(settings.maxBodyBytes());
        RateLimits limits = Platform.rateLimits(settings);
        PluginRouting pluginRouting = new PluginRouting(plugins, accounts, limits, body);
        SiteQueries queries = new SiteQueries(db, registry, reader, s.members);
        s.delivery = new DeliveryApi(registry, siteRoutes, reader, s.documents, queries, s.members, s.changes, tokens,
                                     s.cache, newsletter, accounts, limits, notificationEndpoints, body, pluginRouting,
                                     s.media, s.search, s.analytics);
        s.admin = new AdminApi(registry, reader, s.documents, schedule, tokens, s.jobs, mail, webhooks, newsletter,
                               notifications, notificationEndpoints, accounts, s.users, invitations, new AuditLog(db), body,
                               limits, roles,
                               new AdminApi.Extensions(plugins, s.tasks, workflows, pluginRouting, s.media, s.search,
                                                       s.indexer),
                               new AnalyticsReports(new TrafficReports(db), new PlatformReports(db), Clock.systemUTC()),
                               new DocumentTimeline(db));
        return s;
    }

    /** Indexes, the first admin, demo content, and the jobs that run on a schedule. */
    void prepare() {
        IndexManager.ensureIndexes(db, registry);
        settings.firstAdmin().ifPresent(admin -> {
            try {
                users.ensureFirstAdmin(admin.email(), admin.password());
            } catch (RuntimeException e) {
                throw new SettingsException(List.of("ADMIN_EMAIL/ADMIN_PASSWORD: " + e.getMessage()));
            }
        });
        // a new or changed index, or one restored without its entries, is rebuilt; before the demo content, whose
        // documents get their entries from their own index jobs (a new database has nothing to rebuild)
        indexer.prepare();
        if (settings.seedDemoContent()) {
            new DemoSeeder(db, registry, documents, members, media).seed(settings.contentTypesDir());
        }
        tasks.schedule();
        Housekeeping.schedule(jobs);
        AnalyticsRollup.schedule(jobs);
        AnalyticsUpkeep.schedule(jobs);
    }
}
