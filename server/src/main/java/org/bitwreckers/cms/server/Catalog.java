package org.bitwreckers.cms.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.mail.MailTemplates;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.core.site.SiteRouteLoader;

/**
 * What the site is made of, read from CONTENT_TYPES_DIR and the plugin jars: the content types (the site's and the
 * plugins'), the site's page routes and roles, and the mail templates. Start-up and the command line
 * ({@code check-config}, {@code search rebuild}, ...) read it the same way; nothing here touches the database.
 *
 * @param plugins    the loaded plugins (closed with the catalog)
 * @param registry   every content type
 * @param siteRoutes the site's page endpoints
 * @param roles      the site's roles
 */
public record Catalog(PluginHost plugins, ContentTypeRegistry registry, List<SiteRoute> siteRoutes, RoleTable roles)
        implements AutoCloseable {

    /**
     * Loads plugins and descriptors and checks them together.
     *
     * @param settings checked settings
     * @return the catalog
     * @throws DescriptorException                                    for a bad descriptor, route or role file
     * @throws org.bitwreckers.cms.core.plugin.PluginStartException when a plugin must stop the start
     */
    public static Catalog load(Settings settings) {
        PluginHost plugins = PluginHost.load(settings.plugins());
        try {
            ContentTypeRegistry siteTypes = ContentTypeRegistry.load(settings.contentTypesDir());
            List<SiteRoute> siteRoutes = SiteRouteLoader.load(settings.contentTypesDir(), siteTypes);
            RoleTable roles = RoleTable.load(settings.contentTypesDir());
            ContentTypeRegistry registry = plugins.admit(siteTypes, siteRoutes.stream()
                    .map(r -> r.method() + " " + r.path().replaceAll("\\{[^}]+}", "{}")).toList(), roles);
            roles.checkReviewers(registry);
            return new Catalog(plugins, registry, siteRoutes, roles);
        } catch (RuntimeException | Error e) {
            plugins.close();
            throw e;
        }
    }

    /**
     * The mail templates (operator overrides, then the plugins', then the built-in ones), checked: a broken override
     * or a descriptor naming a template that does not exist stops start-up, like any bad descriptor.
     *
     * @param settings checked settings
     * @return the templates
     */
    public MailTemplates mailTemplates(Settings settings) {
        MailTemplates templates = new MailTemplates(Optional.of(settings.mail().templatesDir()), plugins.templateLoaders());
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
        return templates;
    }

    @Override
    public void close() {
        plugins.close();
    }
}
