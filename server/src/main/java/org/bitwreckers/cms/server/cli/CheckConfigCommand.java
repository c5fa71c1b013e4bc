package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.plugin.LoadedPlugin;
import org.bitwreckers.cms.core.plugin.PluginStartException;
import org.bitwreckers.cms.server.Catalog;

/**
 * {@code check-config}: reads everything a start reads before it touches the database (settings, descriptors, page
 * routes, roles, plugins, mail templates) and names every problem; a secret is only ever said to be set or not.
 * Exit code 0 when a server would start with it, 1 otherwise.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check settings, descriptors, plugins and mail templates without starting; print the problems.")
final class CheckConfigCommand implements Callable<Integer> {
    private static final String OK = "ok       ";
    private static final String PROBLEM = "PROBLEM  ";

    @ParentCommand
    private BitwreckersCommand root;

    @Override
    public Integer call() {
        PrintWriter out = root.out();
        Settings settings;
        try {
            settings = root.settings();
        } catch (SettingsException e) {
            out.println(PROBLEM + "settings:");
            e.problems().forEach(p -> out.println("           - " + p));
            out.println("The rest was not checked: it depends on the settings.");
            return BitwreckersCommand.PROBLEM;
        }
        out.println(OK + "settings: " + summary(settings));
        boolean fine = true;
        try (Catalog catalog = Catalog.load(settings)) {
            int fromPlugins = catalog.plugins().running().stream().mapToInt(p -> p.types().size()).sum();
            out.println(OK + "content: " + catalog.registry().all().size() + " types (" + fromPlugins
                                + " from plugins), " + catalog.siteRoutes().size() + " page routes, "
                                + catalog.roles().names().size() + " roles, from " + settings.contentTypesDir()
                    .toAbsolutePath());
            for (LoadedPlugin p : catalog.plugins().all()) {
                out.println((p.started() ? OK : PROBLEM) + "plugin " + p.id() + " " + p.version()
                                    + p.failure().map(f -> ": " + f).orElse(""));
                fine &= p.started();
            }
            catalog.mailTemplates(settings);
            out.println(OK + "mail templates (overrides from " + settings.mail().templatesDir().toAbsolutePath() + ")");
        } catch (DescriptorException | PluginStartException e) {
            out.println(PROBLEM + e.getMessage());
            fine = false;
        }
        out.println(fine ? "A server would start with this configuration." : "A server would not start as it should.");
        return fine ? 0 : BitwreckersCommand.PROBLEM;
    }

    /** What the settings amount to, without any secret's value. */
    private static String summary(Settings s) {
        return String.join(", ", List.of(
                "profile " + s.profile(),
                "database " + s.database(),
                "listeners " + s.host() + ":" + s.port() + " (delivery) and :" + s.adminPort() + " (admin)",
                "SECRET_KEY " + (s.secretKey().isPresent() ? "set" : "not set (development key in the database)"),
                "ADMIN_API_TOKEN " + (s.adminApiToken().isPresent() ? "set" : "not set"),
                "media " + (s.storage().bucketName().isPresent() && s.storage().accessKeyId().isPresent()
                        ? "in S3 bucket " + s.storage().bucketName().get() : "in " + s.media().dir().toAbsolutePath()),
                "mail " + s.smtp().host().map(h -> "via " + h + ":" + s.smtp().port()).orElse("captured in the database"),
                "search " + s.search().elasticsearchUrl().map(u -> "in Elasticsearch at " + u).orElse("in PostgreSQL"),
                "plugins " + s.plugins().dir().map(d -> "from " + d.toAbsolutePath()).orElse("off")));
    }
}
