package org.bitwreckers.cms.delivery;

import java.util.List;

import org.bitwreckers.cms.core.analytics.Analytics;
import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.member.MemberDirectory;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.site.SiteQueries;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.PluginRouting;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.route.RouteTable;

/**
 * The public delivery API: the site's declared page endpoints and generic published content, under {@code /api/v1}.
 */
public final class DeliveryApi {
    private final ContentDeliveryHttpService content;
    private final SiteRoutesHttp site;
    private final NewsletterHttpService newsletter;
    private final AuthHttpService auth;
    private final MyNotificationsHttpService myNotifications;
    private final MySubmissionsHttpService mySubmissions;
    private final PluginRouting pluginRoutes;
    private final MediaFilesHttpService mediaFiles;
    private final MediaInfoHttpService mediaInfo;
    private final SearchHttpService search;
    private final CollectHttpService collect;

    /**
     * @param registry  content types
     * @param routes    the site's declared routes
     * @param reader    document reads
     * @param documents document writes (public submissions)
     * @param queries   computed routes
     * @param members   community members
     * @param changes   content generations (cache keys)
     * @param tokens    API tokens (preview)
     * @param cache     response cache
     * @param newsletter the newsletter
     * @param accounts  user accounts
     * @param limits    rate limits of the public write endpoints
     * @param notifications the signed-in user's notification endpoints
     * @param body      JSON body reader
     * @param pluginRoutes routes plugins add
     * @param media     media files
     * @param search    full-text search
     * @param analytics the website's analytics beacons
     */
    public DeliveryApi(ContentTypeRegistry registry, List<SiteRoute> routes, DocumentReader reader, DocumentService documents,
                       SiteQueries queries, MemberDirectory members, ContentChanges changes, ApiTokenService tokens,
                       ResponseCache cache, NewsletterService newsletter, AccountService accounts, RateLimits limits,
                       NotificationEndpoints notifications, JsonBody body, PluginRouting pluginRoutes,
                       MediaService media,
                       SearchEngine search, Analytics analytics) {
        this.pluginRoutes = pluginRoutes;
        this.collect = new CollectHttpService(analytics, limits);
        this.mediaFiles = new MediaFilesHttpService(media);
        DeliveryResponder responder = new DeliveryResponder(cache, changes, tokens);
        this.search = new SearchHttpService(search, responder);
        this.mediaInfo = new MediaInfoHttpService(media.links(), responder);
        this.content = new ContentDeliveryHttpService(registry, reader, responder);
        this.site = new SiteRoutesHttp(routes, registry, reader, documents, queries, members, responder, body, limits,
                                       accounts);
        this.newsletter = new NewsletterHttpService(newsletter, limits, body);
        this.auth = new AuthHttpService(accounts, limits, body, media);
        this.myNotifications = new MyNotificationsHttpService(accounts, notifications);
        this.mySubmissions = new MySubmissionsHttpService(accounts, documents);
    }

    /**
     * Adds the delivery routes to the table: the platform's own, the plugins', then the site's declared routes.
     *
     * @param t the route table being built, on the delivery listener
     */
    public void mounts(RouteTable.Builder t) {
        content.mounts(t);
        newsletter.mounts(t);
        auth.mounts(t);
        myNotifications.mounts(t);
        mySubmissions.mounts(t);
        mediaFiles.mounts(t);
        mediaInfo.mounts(t);
        search.mounts(t);
        collect.mounts(t);
        pluginRoutes.delivery(t); // before the site's routes; start-up refused any that collide
        t.fromSite(site::mounts);
    }
}
