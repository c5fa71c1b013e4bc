package org.bitwreckers.cms.core.notification;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.db.Notices;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * In-app notifications per user: created in the transaction of the change they announce, then announced on the
 * {@code notifications} channel so the user's open streams on every node receive them at once.
 */
public final class NotificationService {
    private static final String JSON = "jsonb_build_object('id', id, 'user_id', user_id, 'kind', kind, 'title', title,"
            + " 'body', body, 'data', data, 'read', read_at IS NOT NULL, 'created_at', " + SqlTime.iso("created_at")
            + ")::text";

    private final DbClient db;

    /**
     * @param db database client
     */
    public NotificationService(DbClient db) {
        this.db = db;
    }

    /**
     * Creates a notification in the caller's transaction.
     *
     * @param tx     transaction of the change it announces
     * @param userId recipient
     * @param kind   machine-readable kind (e.g. application.status)
     * @param title  short text
     * @param body   longer text
     * @param data   anything the frontend needs to link it
     * @return the notification id
     */
    public long notify(DbExecute tx, long userId, String kind, String title, String body, JsonObject data) {
        long id = tx.get("INSERT INTO notifications (user_id, kind, title, body, data) VALUES (?, ?, ?, ?, ?::jsonb)"
                                 + " RETURNING id", userId, kind, title, body, data.toString())
                .orElseThrow().column("id").get(Long.class);
        Notices.afterCommit(tx, "notifications", userId + ":" + id); // a hint: the inbox is read from the table
        return id;
    }

    /**
     * Creates a notification in a transaction of its own.
     *
     * @param userId recipient (must exist)
     * @param kind   kind
     * @param title  title
     * @param body   body
     * @param data   data
     * @return the notification as JSON
     */
    public String notify(long userId, String kind, String title, String body, JsonObject data) {
        if (db.execute().get("SELECT 1 AS found FROM users WHERE id = ?", userId).isEmpty()) {
            throw CmsException.notFound("No user with id " + userId);
        }
        if (kind == null || kind.isBlank() || title == null || title.isBlank()) {
            throw CmsException.validation(Map.of("kind", "is required", "title", "is required"));
        }
        long id = Transactions.call(db, tx -> notify(tx, userId, kind, title, body == null ? "" : body, data));
        return get(id).orElseThrow();
    }

    /**
     * @param id notification id
     * @return it as JSON, if it exists
     */
    public Optional<String> get(long id) {
        return db.execute().get("SELECT " + JSON + " AS doc FROM notifications WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class));
    }

    /**
     * @param userId     whose
     * @param unreadOnly only unread ones
     * @param afterId    only newer than this id (0 for all)
     * @param page       1-based page
     * @param pageSize   per page
     * @return newest first
     */
    public Page list(long userId, boolean unreadOnly, long afterId, int page, int pageSize) {
        return Pages.read(db.execute().query("SELECT " + JSON + " AS doc, count(*) OVER () AS total FROM notifications"
                                                             + " WHERE user_id = ? AND id > ? AND (NOT ? OR read_at IS NULL)"
                                                             + " ORDER BY id DESC LIMIT ? OFFSET ?",
                                                     userId, afterId, unreadOnly, pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    /**
     * @param userId  whose
     * @param afterId only newer than this id
     * @param limit   at most this many
     * @return oldest first: what a reconnecting stream missed, in order
     */
    public List<String> since(long userId, long afterId, int limit) {
        try (Stream<DbRow> rows = db.execute().query("SELECT " + JSON + " AS doc FROM notifications WHERE user_id = ?"
                                                             + " AND id > ? ORDER BY id LIMIT ?", userId, afterId, limit)) {
            return rows.map(r -> r.column("doc").get(String.class)).toList();
        }
    }

    /**
     * @param userId whose
     * @return unread count
     */
    public long unread(long userId) {
        return db.execute().get("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL", userId)
                .orElseThrow().column("n").get(Long.class);
    }

    /**
     * @param userId whose (a user never marks another user's notification)
     * @param id     notification id
     */
    public void markRead(long userId, long id) {
        if (db.execute().dml("UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = ? AND user_id = ?",
                             id, userId) == 0) {
            throw CmsException.notFound("No notification " + id + " for this user");
        }
    }

    /**
     * @param userId whose
     * @return how many were unread
     */
    public long markAllRead(long userId) {
        return db.execute().dml("UPDATE notifications SET read_at = now() WHERE user_id = ? AND read_at IS NULL", userId);
    }
}
