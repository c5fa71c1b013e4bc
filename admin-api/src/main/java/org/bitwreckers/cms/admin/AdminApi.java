package org.bitwreckers.cms.admin;

import io.helidon.webserver.http.HttpRouting;

import org.bitwreckers.cms.core.audit.AuditLog;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.UserAdministration;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.core.schedule.PublishingSchedule;
import org.bitwreckers.cms.core.webhook.WebhookService;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginTasks;
import org.bitwreckers.cms.core.workflow.WorkflowService;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.PluginRouting;
import org.bitwreckers.cms.http.NotificationEndpoints;

/**
 * The admin API for editors, under {@code /admin/v1} on its own listener. Every route needs an API token.
 */
public final class AdminApi {
    private final AdminAuthentication authentication;
    private final ContentAdminHttpService content;
    private final TokensAdminHttpService tokens;
    private final TypesAdminHttpService types;
    private final JobsAdminHttpService jobs;
    private final MailAdminHttpService mail;
    private final WebhooksAdminHttpService webhooks;
    private final NewsletterAdminHttpService newsletter;
    private final NotificationsAdminHttpService notifications;
    private final UsersAdminHttpService users;
    private final AuditAdminHttpService auditLog;
    private final AuditFilter auditFilter;
    private final PluginsAdminHttpService plugins;
    private final WorkflowsAdminHttpService workflows;
    private final PluginRouting pluginRoutes;
    private final MediaAdminHttpService media;
    private final SearchAdminHttpService search;
    private final SessionAdminHttpService session;

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
     * @param audit     the audit log
     * @param body      JSON body reader
     * @param extensions plugins and workflows
     */
    public AdminApi(ContentTypeRegistry registry, DocumentReader reader, DocumentService documents,
                    PublishingSchedule schedule, ApiTokenService tokens, JobQueue jobs, MailService mail,
                    WebhookService webhooks, NewsletterService newsletter, NotificationService notifications,
                    NotificationEndpoints notificationEndpoints, AccountService accounts, UserAdministration users,
                    AuditLog audit, JsonBody body, Extensions extensions) {
        this.authentication = new AdminAuthentication(tokens, accounts, notificationEndpoints, registry,
                                                      extensions.host()::adminRoles);
        this.plugins = new PluginsAdminHttpService(extensions.host(), extensions.tasks());
        this.workflows = new WorkflowsAdminHttpService(registry, extensions.workflows(), body);
        this.pluginRoutes = extensions.routing();
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
        this.auditLog = new AuditAdminHttpService(audit);
        this.auditFilter = new AuditFilter(audit, registry, documents, users);
        this.session = new SessionAdminHttpService(accounts, body);
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
                             org.bitwreckers.cms.core.media.MediaService media,
                             org.bitwreckers.cms.core.search.SearchEngine search,
                             org.bitwreckers.cms.core.search.SearchIndexer indexer) {
    }

    /**
     * Registers the admin routes, authentication first.
     *
     * @param routing the admin listener's routing
     */
    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(auditFilter)
                .register("/admin/v1/session", session) // the admin app's sign-in: checks its callers itself
                .any("/admin/v1", authentication)
                .any("/admin/v1/*", authentication)
                .register("/admin/v1/content", content)
                .register("/admin/v1/tokens", tokens)
                .register("/admin/v1/types", types)
                .register("/admin/v1/jobs", jobs)
                .register("/admin/v1/mail", mail)
                .register("/admin/v1/webhooks", webhooks)
                .register("/admin/v1/newsletter", newsletter)
                .register("/admin/v1/users", notifications)
                .register("/admin/v1/users", users)
                .register("/admin/v1/audit", auditLog)
                .register("/admin/v1/plugins", plugins)
                .register("/admin/v1/workflows", workflows)
                .register("/admin/v1/media", media)
                .register("/admin/v1/search", search);
        pluginRoutes.admin(routing);
    }
}
