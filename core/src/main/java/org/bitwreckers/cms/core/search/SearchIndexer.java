package org.bitwreckers.cms.core.search;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;


import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.db.Notices;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.ContentEventListener;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Keeps the search index in step with the documents: every content event queues an index job in the writing
 * transaction (so no acknowledged write is missed), and the job brings the document's entries up to date after
 * commit, then tells every node (LISTEN content_changed) that cached search answers are stale. Types without
 * searchable fields are skipped. When an unreachable engine is back, waiting index jobs run at once.
 */
public final class SearchIndexer implements ContentEventListener, JobHandler {
    /** Job kind: bring one document's entries up to date. */
    public static final String INDEX = "search.index";
    /** Job kind: rebuild the whole index. */
    public static final String REBUILD = "search.rebuild";
    /** The generation (see ContentChanges) of the index itself: cached search answers are keyed by it. */
    public static final String CHANGES = "#search";

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class.getName());
    private static final long REBUILD_LOCK = 0x5EA2C4L; // one rebuild at a time across nodes
    /** In an index job: whether public searches can find the type (jobs queued before it existed: they could). */
    private static final String PUBLIC = "public";
    /** Index jobs one run takes together. */
    private static final int INDEX_BATCH = 100;

    private final DbClient db;
    private final JobQueue jobs;
    private final SearchEngine engine;

    /**
     * @param db     database client
     * @param jobs   the job queue
     * @param engine the search engine the entries live in
     */
    public SearchIndexer(DbClient db, JobQueue jobs, SearchEngine engine) {
        this.db = db;
        this.jobs = jobs;
        this.engine = engine;
        engine.whenReachableAgain(this::catchUp);
    }

    @Override
    public void changed(DbExecute tx, Event event, ContentType type, long id) {
        if (type.fields().stream().anyMatch(f -> f.searchable())) {
            jobs.enqueue(tx, INDEX, Jsons.createObjectBuilder().add("type", type.name()).add("id", id)
                    .add(PUBLIC, CheckedQuery.searched(type, SearchEngine.Scope.PUBLISHED)).build());
        }
    }

    /**
     * One index job for the whole batch, whatever happened to its documents: the job indexes them as they then are,
     * with one statement per view.
     */
    @Override
    public void changed(DbExecute tx, List<Event> events, ContentType type, List<Long> ids) {
        if (type.fields().stream().anyMatch(f -> f.searchable())) {
            JsonArrayBuilder list = Jsons.createArrayBuilder();
            ids.forEach(list::add);
            jobs.enqueue(tx, INDEX, Jsons.createObjectBuilder().add("type", type.name()).add("ids", list)
                    .add(PUBLIC, CheckedQuery.searched(type, SearchEngine.Scope.PUBLISHED)).build());
        }
    }

    @Override
    public void handle(Job job) {
        if (job.kind().equals(REBUILD)) {
            rebuild(RebuildProgress.NONE);
            return; // rebuild tells the nodes itself
        }
        handleAll(List.of(job));
    }

    /** Index jobs come in batches: a form submission queues one each. */
    @Override
    public int batchLimit(String kind) {
        return kind.equals(INDEX) ? INDEX_BATCH : 1;
    }

    /** Index jobs together: one reindex of each type's documents, then one notice. */
    @Override
    public void handleAll(List<Job> jobs) {
        Map<String, Set<Long>> idsByType = new LinkedHashMap<>();
        for (Job job : jobs) {
            Set<Long> ids = idsByType.computeIfAbsent(job.payload().getString("type"), t -> new LinkedHashSet<>());
            if (job.payload().containsKey("ids")) { // a bulk import's
                job.payload().getJsonArray("ids").getValuesAs(JsonNumber.class).forEach(n -> ids.add(n.longValue()));
            } else {
                ids.add(job.payload().getJsonNumber("id").longValue());
            }
        }
        idsByType.forEach((type, ids) -> engine.reindex(type, List.copyOf(ids)));
        // after the index committed, not with the document: a search between the two would cache the old entries.
        // Only public searches are cached: entries they cannot find (a form submission's) leave them as they are.
        if (jobs.stream().anyMatch(job -> job.payload().getBoolean(PUBLIC, true))) {
            Notices.afterCommit(db.execute(), "content_changed", CHANGES); // its own statement, not waiting for the disk
        }
    }

    /**
     * Rebuilds the whole index now, in this thread (the job queue's rebuild job and the command line's
     * {@code search rebuild} both come here), then tells every node that cached search answers are stale.
     *
     * @param progress told of the entries written, type by type
     * @return false when another rebuild was running (this one is part of it, and nothing was done)
     */
    public boolean rebuild(RebuildProgress progress) {
        // the lock lives as long as this transaction, which only holds it; a rebuild asked for while another runs
        // is part of that one
        boolean ran = Transactions.call(db, lock -> {
            if (lock.get("SELECT pg_try_advisory_xact_lock(?) AS locked", REBUILD_LOCK).orElseThrow()
                    .column("locked").get(Boolean.class)) {
                engine.rebuild(progress);
                return true;
            }
            LOG.info("A search rebuild is already running; this one is part of it");
            return false;
        });
        Notices.afterCommit(db.execute(), "content_changed", CHANGES);
        return ran;
    }

    /**
     * Readies the engine at start; queues a rebuild when entries are missing or out of date. An unreachable engine is
     * readied when it is back, and the platform starts meanwhile.
     *
     * @throws org.bitwreckers.cms.core.config.SettingsException when the engine refuses the configuration
     */
    public void prepare() {
        try {
            if (engine.prepare()) {
                rebuildLater();
            }
        } catch (CmsException e) {
            if (e.code() != ErrorCode.SERVICE_UNAVAILABLE) {
                throw e;
            }
            LOG.log(Level.WARNING, "The search engine could not be readied yet: " + e.getMessage());
        }
    }

    /** The engine answers again: ready it, and run the index jobs that waited for it. */
    private void catchUp(Instant since) {
        prepare();
        long waiting = jobs.runNow(List.of(INDEX, REBUILD), since);
        LOG.info("Search engine is back; " + waiting + " waiting index job(s) run now");
    }

    /**
     * How a rebuild asked for with {@link #rebuildLater()} is getting on: queued, running, done, or dead (with the
     * error); the job's own record is the progress, so every node answers the same.
     *
     * @param job the rebuild job's id
     * @return {@code {job, status, attempts, last_error, created_at, updated_at, finished_at}}
     */
    public String rebuildStatus(long job) {
        JsonObject record;
        try {
            record = JsonText.object(jobs.get(job));
        } catch (CmsException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? CmsException.notFound("No search rebuild with job id " + job) : e;
        }
        if (!record.getString("kind").equals(REBUILD)) {
            throw CmsException.notFound("No search rebuild with job id " + job);
        }
        JsonObjectBuilder status = Jsons.createObjectBuilder().add("job", job);
        for (String key : List.of("status", "attempts", "last_error", "created_at", "updated_at", "finished_at")) {
            status.add(key, record.get(key));
        }
        return status.build().toString();
    }

    /** @return the id of the queued rebuild job */
    public long rebuildLater() {
        return jobs.enqueueNow(REBUILD, Jsons.createObjectBuilder().build());
    }
}
