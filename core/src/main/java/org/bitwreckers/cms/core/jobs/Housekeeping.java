package org.bitwreckers.cms.core.jobs;

import java.time.Duration;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonValue;

/**
 * A daily recurring job that keeps the operational tables small: finished jobs after 14 days, and expired
 * sign-in material (revoked access tokens, refresh tokens, password resets, address confirmation links) once it can
 * no longer be used.
 * Mail, webhook deliveries and the audit log are records staff read, so they stay.
 */
public final class Housekeeping implements JobHandler {
    /** Job kind. */
    public static final String KIND = "maintenance.housekeeping";
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    private final DbClient db;

    /**
     * @param db database client
     */
    public Housekeeping(DbClient db) {
        this.db = db;
    }

    /**
     * Declares the recurring job (idempotent; every node may call it at start).
     *
     * @param queue the job queue
     */
    public static void schedule(JobQueue queue) {
        queue.recurring("housekeeping", KIND, JsonValue.EMPTY_JSON_OBJECT, Duration.ofDays(1));
    }

    @Override
    public void handle(Job job) {
        long jobs = db.execute().dml("DELETE FROM jobs WHERE status IN ('done', 'discarded')"
                                             + " AND finished_at < now() - interval '14 days'");
        long tokens = db.execute().dml("DELETE FROM revoked_access_tokens WHERE expires_at < now()");
        long refresh = db.execute().dml("DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'");
        long resets = db.execute().dml("DELETE FROM password_resets WHERE expires_at < now() - interval '1 day'");
        long links = db.execute().dml("DELETE FROM email_verifications WHERE expires_at < now() - interval '1 day'");
        LOG.info("Housekeeping removed " + jobs + " finished jobs, " + (tokens + refresh + resets + links)
                         + " expired tokens");
    }
}
