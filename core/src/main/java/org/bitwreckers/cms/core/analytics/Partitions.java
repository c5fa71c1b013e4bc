package org.bitwreckers.cms.core.analytics;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.dbclient.DbClient;

/**
 * The monthly partitions of the visit table: made before a month's first row is written, and dropped whole once
 * older than the retention (far cheaper than deleting rows, and it leaves nothing to vacuum).
 */
final class Partitions {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");
    private static final String PREFIX = "analytics_events_";

    private final DbClient db;
    private final Set<YearMonth> made = ConcurrentHashMap.newKeySet();

    Partitions(DbClient db) {
        this.db = db;
    }

    /** Makes the month's partition unless this process already saw it made. */
    void ensure(YearMonth month) {
        if (made.contains(month)) {
            return;
        }
        LocalDate from = month.atDay(1);
        // DDL takes no bind parameters; the name and bounds are formatted from a YearMonth, never from input
        String sql = "CREATE TABLE IF NOT EXISTS " + PREFIX + month.format(SUFFIX) + " PARTITION OF analytics_events"
                + " FOR VALUES FROM ('" + from + "') TO ('" + from.plusMonths(1) + "')";
        try {
            db.execute().dml(sql);
        } catch (RuntimeException e) {
            // another node made it at the same moment (IF NOT EXISTS does not cover that race): fine if it exists now
            if (!exists(month)) {
                throw e;
            }
        }
        made.add(month);
    }

    private boolean exists(YearMonth month) {
        return db.execute().get("SELECT to_regclass(?) IS NOT NULL AS present", PREFIX + month.format(SUFFIX))
                .map(r -> r.column("present").getBoolean()).orElse(false);
    }

    /**
     * Drops the partitions that lie wholly before the first month kept.
     *
     * @param firstKept the oldest month whose visits stay
     * @return the partitions dropped
     */
    List<String> dropBefore(YearMonth firstKept) {
        List<String> old = db.execute().query("SELECT c.relname AS name FROM pg_inherits i"
                                                      + " JOIN pg_class c ON c.oid = i.inhrelid"
                                                      + " JOIN pg_class p ON p.oid = i.inhparent"
                                                      + " WHERE p.relname = 'analytics_events'")
                .map(r -> r.column("name").getString())
                .filter(name -> name.matches(PREFIX + "\\d{4}_\\d{2}"))
                .filter(name -> YearMonth.parse(name.substring(PREFIX.length()), SUFFIX).isBefore(firstKept))
                .toList();
        for (String name : old) {
            db.execute().dml("DROP TABLE IF EXISTS " + name); // a name matched above, never input
            made.remove(YearMonth.parse(name.substring(PREFIX.length()), SUFFIX));
        }
        return old;
    }
}
