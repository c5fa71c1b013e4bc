package org.bitwreckers.cms.core.search;

import io.helidon.dbclient.DbExecute;

import jakarta.json.Json;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.document.ContentEventListener;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Keeps the search index in step with the documents: every content event queues an index job in the writing
 * transaction (so no acknowledged write is missed), and the job brings the document's entries up to date after
 * commit. Types without searchable fields are skipped.
 */
public final class SearchIndexer implements ContentEventListener, JobHandler {
    /** Job kind: bring one document's entries up to date. */
    public static final String INDEX = "search.index";
    /** Job kind: rebuild the whole index. */
    public static final String REBUILD = "search.rebuild";

    private final JobQueue jobs;
    private final SearchEngine engine;

    /**
     * @param jobs   the job queue
     * @param engine the search engine the entries live in
     */
    public SearchIndexer(JobQueue jobs, SearchEngine engine) {
        this.jobs = jobs;
        this.engine = engine;
    }

    @Override
    public void changed(DbExecute tx, Event event, ContentType type, long id) {
        if (type.fields().stream().anyMatch(f -> f.searchable())) {
            jobs.enqueue(tx, INDEX, Json.createObjectBuilder().add("type", type.name()).add("id", id).build());
        }
    }

    @Override
    public void handle(Job job) {
        if (job.kind().equals(REBUILD)) {
            engine.rebuild();
        } else {
            engine.reindex(job.payload().getString("type"), job.payload().getJsonNumber("id").longValue());
        }
    }

    /** Queues a rebuild when documents exist but no entry does. */
    public void rebuildIfEmpty() {
        if (engine instanceof PostgresSearch pg && pg.emptyButDocuments()) {
            rebuildLater();
        }
    }

    /** @return the id of the queued rebuild job */
    public long rebuildLater() {
        return jobs.enqueueNow(REBUILD, Json.createObjectBuilder().build());
    }
}
