package org.bitwreckers.cms.server.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchEngines;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.server.Catalog;

/**
 * {@code search rebuild}: rebuilds every search entry now, in this process, showing each type's progress. Servers of
 * the same database keep answering from the old entries until the new ones are complete, then drop their cached
 * search answers. A rebuild already running (from a server's job queue) is not run twice.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild the search index now, with progress (servers keep answering meanwhile).")
final class SearchRebuildCommand implements Callable<Integer> {
    @ParentCommand
    private SearchCommand search;

    @Override
    public Integer call() {
        BitwreckersCommand root = search.root();
        Settings settings = root.settings();
        try (Catalog catalog = Catalog.load(settings); OpenDatabase open = OpenDatabase.open(settings);
             SearchEngine engine = SearchEngines.create(open.db(), catalog.registry(), settings.search(), new ContentChanges())) {
            SearchIndexer indexer = new SearchIndexer(open.db(), new JobQueue(open.db()), engine);
            engine.prepare();
            root.out().println("Rebuilding the search index in " + settings.search().elasticsearchUrl()
                    .map(u -> "Elasticsearch at " + u).orElse("PostgreSQL") + " ...");
            ProgressLine progress = new ProgressLine(root.out(), root.terminal());
            long started = System.nanoTime();
            boolean ran = indexer.rebuild((type, entries) -> progress.show(type, "  " + type + ": " + entries
                    + " entries"));
            progress.finish();
            if (!ran) {
                root.out().println("Another rebuild is running (a server's job); this one is part of it.");
                return 0;
            }
            root.out().println("Done in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms.");
        }
        return 0;
    }
}
