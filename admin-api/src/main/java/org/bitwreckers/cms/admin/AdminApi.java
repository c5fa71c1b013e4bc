package org.bitwreckers.cms.admin;

import io.helidon.webserver.http.HttpRouting;

import org.bitwreckers.cms.core.analytics.AnalyticsReports;
import org.bitwreckers.cms.core.audit.AuditLog;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.identity.StaffInvitations;
import org.bitwreckers.cms.core.identity.UserAdministration;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.core.schedule.PublishingSchedule;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.core.timeline.DocumentTimeline;
import org.bitwreckers.cms.core.webhook.WebhookService;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginTasks;
import org.bitwreckers.cms.core.workflow.WorkflowService;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.PluginRouting;

/**
 * The admin API for editors, under {@code /admin/v1} on its own listener. Every route needs an API token or a signed-in
 * user whose role has the route's permission; the routes themselves are declared in each service's {@code mounts}.
 */
public final class AdminApi {
    private final ApiTokenService tokenService;
    private final AccountService accounts;
    private final NotificationEndpoints notificationEndpoints;
    private final ContentTypeRegistry registry;
    private final RoleTable roles;
    private final ContentAdminHttpService content;
    private final TokensAdminHttpService tokens;
    private final TypesAdminHttpService types;
    private final JobsAdminHttpService jobs;
    private final MailAdminHttpService mail;
    private final WebhooksAdminHttpService webhooks;
    private final NewsletterAdminHttpService newsletter;
    private final NotificationsAdminHttpService notifications;
    private final UsersAdminHttpService users;
    private final InvitationsAdminHttpService invitations;
    private final AuditAdminHttpService auditLog;
    private final AuditFilter auditFilter;
    private final PluginsAdminHttpService plugins;
    private final WorkflowsAdminHttpService workflows;
    private final MediaAdminHttpService media;
    private final SearchAdminHttpService search;
    private final AnalyticsAdminHttpService analytics;
    private final PluginRouting pluginRoutes;
    private final SessionAdminHttpService session;
    private final TimelineAdminHttpService timeline;

    /**
     * @param registry  content types
     * @param reader    document reads
     * @param documents document writes
     * @param schedule  scheduled publishing
     * @param tokens    API tokens
     * @param jobs      the job queue
     * @param mail      e-mail
     * @param webhooks  outgoing webhooks
     * @param newsletter the newsletter
     * @param notifications in-app notifications
     * @param notificationEndpoints notification endpoints (live streams, stream tickets)
     * @param accounts  signed-in users (their role decides what they may do here)
     * @param users     user management
     * @param invitations staff invitations
     * @param audit     the audit log
     * @param body      JSON body reader
     * @param limits    who a request comes from (the client behind a trusted proxy), for failed sign-ins
     * @param roles     the site's roles and what each may do
     * @param extensions plugins and workflows
     * @param analytics the analytics reports
     * @param timeline  each document's timeline
     */
    public AdminApi(ContentTypeRegistry registry, DocumentReader reader, DocumentService documents,
                    PublishingSchedule schedule, ApiTokenService tokens, JobQueue jobs, MailService mail,
                    WebhookService webhooks, NewsletterService newsletter, NotificationService notifications,
                    NotificationEndpoints notificationEndpoints, AccountService accounts, UserAdministration users,
                    StaffInvitations invitations, AuditLog audit, JsonBody body, RateLimits limits, RoleTable roles,
                    Extensions extensions,
                    AnalyticsReports analytics, DocumentTimeline timeline) {
        this.tokenService = tokens;
        this.accounts = accounts;
        this.notificationEndpoints = notificationEndpoints;
        this.registry = registry;
        this.roles = roles;
        this.pluginRoutes = extensions.routing();
        this.plugins = new PluginsAdminHttpService(extensions.host(), extensions.tasks());
        this.workflows = new WorkflowsAdminHttpService(registry, extensions.workflows(), body);
        this.media = new MediaAdminHttpService(extensions.media(), body);
        this.search = new SearchAdminHttpService(extensions.search(), extensions.indexer());
        this.content = new ContentAdminHttpService(registry, reader, documents, schedule, body);
        this.tokens = new TokensAdminHttpService(tokens, body);
        this.types = new TypesAdminHttpService(registry);
        this.jobs = new JobsAdminHttpService(jobs);
        this.mail = new MailAdminHttpService(mail);
        this.webhooks = new WebhooksAdminHttpService(webhooks, body);
        this.newsletter = new NewsletterAdminHttpService(newsletter, body);
        this.notifications = new NotificationsAdminHttpService(notifications, notificationEndpoints, accounts, body);
        this.users = new UsersAdminHttpService(users, body);
        this.invitations = new InvitationsAdminHttpService(invitations, body);
        this.auditLog = new AuditAdminHttpService(audit);
        this.auditFilter = new AuditFilter(audit, registry, documents, users);
        this.analytics = new AnalyticsAdminHttpService(analytics.traffic(), analytics.platform(), extensions.workflows(),
                                                       analytics.clock(), jobs);
        this.session = new SessionAdminHttpService(accounts, invitations, body, limits, roles);
        this.timeline = new TimelineAdminHttpService(registry, reader, timeline, roles);
    }

    /**
     * What plugins add to the admin API.
     *
     * @param host      the plugin host
     * @param tasks     plugins' scheduled tasks
     * @param workflows workflow transitions
     * @param routing   plugins' own routes
     * @param media     the media library
     * @param search    full-text search
     * @param indexer   the search index's upkeep
     */
    public record Extensions(PluginHost host, PluginTasks tasks, WorkflowService workflows, PluginRouting routing,
                             MediaService media, SearchEngine search, SearchIndexer indexer) {
    }

    /**
     * Adds the admin API's routes to the table (the platform's own, then the plugins').
     *
     * @param t the route table being built, on the admin listener
     */
    public void mounts(RouteTable.Builder t) {
        content.mounts(t);
        timeline.mounts(t);
        tokens.mounts(t);
        types.mounts(t);
        jobs.mounts(t);
        mail.mounts(t);
        webhooks.mounts(t);
        newsletter.mounts(t);
        notifications.mounts(t);
        users.mounts(t);
        invitations.mounts(t);
        auditLog.mounts(t);
        plugins.mounts(t);
        workflows.mounts(t);
        media.mounts(t);
        search.mounts(t);
        analytics.mounts(t);
        session.mounts(t);
        pluginRoutes.admin(t);
    }

    /**
     * Registers the admin listener's routes from the table, authentication first.
     *
     * @param routing the admin listener's routing
     * @param table   every route
     */
    public void routing(HttpRouting.Builder routing, RouteTable table) {
        AdminAuthentication authentication = new AdminAuthentication(tokenService, accounts, notificationEndpoints, registry,
                                                                     table, roles);
        session.answerRoutesFrom(table);
        routing.addFilter(auditFilter)
                .any("/admin/v1", authentication)
                .any("/admin/v1/*", authentication);
        table.route(Listener.ADMIN, routing);
    }
}
