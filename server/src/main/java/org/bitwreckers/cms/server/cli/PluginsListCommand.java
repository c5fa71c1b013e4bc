package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.plugin.LoadedPlugin;
import org.bitwreckers.cms.server.Catalog;

/**
 * {@code plugins list}: every jar in the plugins folder, whether it would run and what it adds, read exactly as a
 * starting server reads it (no database needed). Exit code 1 when a plugin would not run.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the plugins a server would load, their state and what each adds.")
final class PluginsListCommand implements Callable<Integer> {
    @ParentCommand
    private PluginsCommand plugins;

    @Override
    public Integer call() {
        BitwreckersCommand root = plugins.root();
        Settings settings = root.settings();
        PrintWriter out = root.out();
        if (settings.plugins().dir().isEmpty()) {
            out.println("No plugins folder: set PLUGINS_DIR.");
            return 0;
        }
        boolean allRun = true;
        try (Catalog catalog = Catalog.load(settings)) {
            List<LoadedPlugin> all = catalog.plugins().all();
            out.println(all.size() + " plugin(s) in " + settings.plugins().dir().get().toAbsolutePath() + ":");
            for (LoadedPlugin p : all) {
                out.printf("%-28s %-10s %-8s %s%n", p.id(), p.version(), p.started() ? "runs" : "FAILED",
                           p.path().getFileName());
                if (!p.description().isEmpty()) {
                    out.println("    " + p.description());
                }
                List<String> adds = new ArrayList<>();
                if (!p.types().isEmpty()) {
                    adds.add("types " + String.join(", ", p.types().stream().map(ContentType::name).toList()));
                }
                if (!p.routes().isEmpty()) {
                    adds.add(p.routes().size() + " route(s)");
                }
                if (!p.workflows().isEmpty()) {
                    adds.add(p.workflows().size() + " workflow(s)");
                }
                if (!adds.isEmpty()) {
                    out.println("    adds " + String.join("; ", adds));
                }
                p.failure().ifPresent(f -> out.println("    problem: " + f));
                allRun &= p.started();
            }
        }
        return allRun ? 0 : BitwreckersCommand.PROBLEM;
    }
}
