package org.bitwreckers.cms.core.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;


import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Publish at / unpublish at. A schedule is stored on the document (editors see it) and carried out by a job whose
 * idempotency key names the document and the time, so with any number of nodes it runs exactly once. Changing or
 * clearing a schedule discards the job that was queued for the old time.
 */
public final class PublishingSchedule implements JobHandler {
    /** Job kind of scheduled publishing. */
    public static final String KIND = "content.schedule";

    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final DocumentService documents;
    private final JobQueue jobs;

    /**
     * @param db        database client
     * @param registry  content types
     * @param documents the write path that publishes
     * @param jobs      job queue
     */
    public PublishingSchedule(DbClient db, ContentTypeRegistry registry, DocumentService documents, JobQueue jobs) {
        this.db = db;
        this.registry = registry;
        this.documents = documents;
        this.jobs = jobs;
    }

    /**
     * Sets (or clears, with empty) when a document is published and unpublished.
     *
     * @param type        content type
     * @param id          document id
     * @param publishAt   when to publish the then-current draft
     * @param unpublishAt when to withdraw it
     * @return the document in the admin shape
     */
    public String schedule(ContentType type, long id, Optional<Instant> publishAt, Optional<Instant> unpublishAt) {
        if (!type.publishable()) {
            throw CmsException.badRequest(type.name() + " is a submission type: its documents are never published");
        }
        Optional<Instant> publish = publishAt.map(t -> Instant.ofEpochMilli(t.toEpochMilli()));
        Optional<Instant> unpublish = unpublishAt.map(t -> Instant.ofEpochMilli(t.toEpochMilli()));
        if (publish.isPresent() && unpublish.isPresent() && !unpublish.get().isAfter(publish.get())) {
            throw CmsException.validation(Map.of("unpublish_at", "must be after publish_at"));
        }
        Transactions.run(db, tx -> {
            DbRow row = tx.get("SELECT " + millis("publish_at") + ", " + millis("unpublish_at")
                                       + " FROM documents WHERE type = ? AND id = ? FOR UPDATE", type.name(), id)
                    .orElseThrow(() -> CmsException.notFound("No " + type.name() + " with id " + id));
            replace(tx, type, id, "publish", instant(row, "publish_at"), publish);
            replace(tx, type, id, "unpublish", instant(row, "unpublish_at"), unpublish);
            tx.dml("UPDATE documents SET publish_at = ?::timestamptz, unpublish_at = ?::timestamptz WHERE id = ?",
                   publish.map(Instant::toString).orElse(null), unpublish.map(Instant::toString).orElse(null), id);
        });
        return documents.admin(type, id);
    }

    private void replace(DbTransaction tx, ContentType type, long id, String action, Optional<Instant> old,
                         Optional<Instant> next) {
        if (old.equals(next)) {
            return; // unchanged: its queued job stays as it is
        }
        old.ifPresent(at -> jobs.discardQueued(tx, key(action, id, at)));
        next.ifPresent(at -> jobs.enqueue(tx, KIND, Jsons.createObjectBuilder().add("type", type.name()).add("id", id)
                                                  .add("action", action).add("at", at.toString()).build(),
                                          Optional.of(at), Optional.of(key(action, id, at)), JobQueue.DEFAULT_MAX_ATTEMPTS));
    }

    /** Publishes or unpublishes, unless the schedule changed since the job was queued. */
    @Override
    public void handle(Job job) {
        String typeName = job.payload().getString("type");
        long id = job.payload().getJsonNumber("id").longValue();
        String action = job.payload().getString("action");
        Instant at = Instant.parse(job.payload().getString("at"));
        String column = action.equals("publish") ? "publish_at" : "unpublish_at";
        Optional<ContentType> type = registry.find(typeName);
        Optional<DbRow> row = db.execute().get("SELECT " + millis(column) + " FROM documents WHERE id = ?", id);
        if (type.isEmpty() || row.isEmpty() || !instant(row.get(), column).equals(Optional.of(at))) {
            return; // deleted, or rescheduled: nothing to do
        }
        if (action.equals("publish")) {
            documents.publish(type.get(), id, "scheduler");
        } else {
            documents.unpublish(type.get(), id, "scheduler");
        }
        db.execute().dml("UPDATE documents SET " + column + " = NULL WHERE id = ? AND " + column + " = ?::timestamptz",
                         id, at.toString());
    }

    /**
     * What is scheduled in a window, soonest first: each entry names the document (type, id, slug, its draft data, so
     * the reader can title it as everywhere else), the action ({@code publish} or {@code unpublish}) and its time.
     *
     * @param from  first instant of the window
     * @param to    end of the window, exclusive
     * @param limit most entries returned
     * @return JSON objects
     */
    public List<String> upcoming(Instant from, Instant to, int limit) {
        String sql = "SELECT json_build_object('type', type, 'id', id, 'slug', slug, 'data', data, 'action', action,"
                + " 'at', " + SqlTime.iso("at") + ")::text AS entry FROM ("
                + " SELECT type, id, slug, data, 'publish' AS action, publish_at AS at FROM documents"
                + " WHERE publish_at >= ?::timestamptz AND publish_at < ?::timestamptz"
                + " UNION ALL SELECT type, id, slug, data, 'unpublish', unpublish_at FROM documents"
                + " WHERE unpublish_at >= ?::timestamptz AND unpublish_at < ?::timestamptz"
                + ") s ORDER BY at, id, action LIMIT ?";
        try (Stream<DbRow> rows = db.execute().query(sql, from.toString(), to.toString(), from.toString(),
                                                     to.toString(), limit)) {
            return rows.map(r -> r.column("entry").get(String.class)).toList();
        }
    }

    private static String key(String action, long id, Instant at) {
        return "schedule:" + action + ":" + id + "@" + at.toEpochMilli();
    }

    /** Schedules are kept to the millisecond, so the stored time and the job's time compare exactly. */
    private static String millis(String column) {
        return "(extract(epoch FROM " + column + ") * 1000)::bigint AS " + column;
    }

    private static Optional<Instant> instant(DbRow row, String column) {
        return Optional.ofNullable(row.column(column).get(Long.class)).map(Instant::ofEpochMilli);
    }
}
