package org.bitwreckers.cms.server;

import java.util.List;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.core.site.SiteRouteLoader;

/**
 * The content model in force: the descriptors, routes and roles of CONTENT_TYPES_DIR with the types the plugins
 * bring. The platform starts from it, and so do the commands that read or write content without serving.
 *
 * @param registry   every content type
 * @param siteRoutes the site's declared delivery routes
 * @param roles      roles and their permissions
 */
public record ContentModel(ContentTypeRegistry registry, List<SiteRoute> siteRoutes, RoleTable roles) {
    /**
     * @param settings checked settings
     * @param plugins  the loaded plugins
     * @return the model
     * @throws org.bitwreckers.cms.core.content.DescriptorException for a bad descriptor
     */
    public static ContentModel load(Settings settings, PluginHost plugins) {
        ContentTypeRegistry siteTypes = ContentTypeRegistry.load(settings.contentTypesDir());
        List<SiteRoute> siteRoutes = SiteRouteLoader.load(settings.contentTypesDir(), siteTypes);
        RoleTable roles = RoleTable.load(settings.contentTypesDir());
        ContentTypeRegistry registry = plugins.admit(siteTypes, siteRoutes.stream()
                .map(r -> r.method() + " " + r.path().replaceAll("\\{[^}]+}", "{}")).toList(), roles);
        roles.checkReviewers(registry);
        return new ContentModel(registry, siteRoutes, roles);
    }
}
