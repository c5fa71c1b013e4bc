package org.bitwreckers.cms.core.db;

import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * Keeps PostgreSQL's statistics up with tables a bulk write grows fast. Autovacuum analyses a table once a tenth of it
 * changed, but only on its next round (a minute apart by default), and never where it is turned off. Plans made
 * meanwhile, and the plans prepared statements keep on pooled connections, take the new rows for a small table: in a
 * fresh import of 100,000 documents each search index job of 1,000 took 20 s instead of 0.1 s, joining the growing
 * entries table as if it were empty. An analysis also makes PostgreSQL plan those statements again.
 *
 * <p>Many callers check the same tables (each import request, each node's maintenance every second), so one checks
 * and analyses at a time across the cluster and the next finds the work done: without that, a check made while
 * another caller was still analysing saw the same growth and analysed again (published documents five times in an
 * import of 20,000, 200 ms each).
 */
public final class PlannerStatistics {
    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class.getName());
    /** Rows changed since the last analysis beyond the table's size then, before a table is analysed again. */
    static final long SLACK_ROWS = 1_000;
    /** The transaction-scoped advisory lock a check holds until its analyses are done. */
    static final long REFRESH_LOCK = 0x57A75L;

    private PlannerStatistics() {
    }

    /**
     * Analyses those of the tables that more than doubled (by {@link #SLACK_ROWS} at least) since their last analysis,
     * skipping one autovacuum is analysing; waits for a check another caller is running.
     *
     * @param db     database client
     * @param tables the tables a write grew, named by the code
     */
    public static void refreshGrown(DbClient db, List<String> tables) {
        refreshChanged(db, tables, 1.0);
    }

    /**
     * Analyses those of the tables in which more rows changed since their last analysis than the share of their size
     * then (and {@link #SLACK_ROWS}), skipping one autovacuum is analysing; waits for a check another caller is running.
     *
     * @param db     database client
     * @param tables the tables, named by the code
     * @param share  how much of a table may change before its statistics are taken again (autovacuum's default is 0.1)
     */
    public static void refreshChanged(DbClient db, List<String> tables, double share) {
        Transactions.run(db, tx -> {
            tx.get("SELECT pg_advisory_xact_lock(?) AS locked", REFRESH_LOCK); // ANALYZE may run in a transaction
            List<String> changed;
            try (Stream<DbRow> rows = tx.query(
                    "SELECT c.relname AS name FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
                            + " WHERE s.schemaname = current_schema() AND c.relname = ANY (string_to_array(?, ','))"
                            + " AND s.n_mod_since_analyze > greatest(c.reltuples, 0) * ? + ?",
                    String.join(",", tables), share, SLACK_ROWS)) {
                changed = rows.map(r -> r.column("name").get(String.class)).toList();
            }
            for (String table : changed) {
                // ANALYZE takes no bind parameters; the name is one of the code's own tables, read from the catalogue
                tx.dml("ANALYZE (SKIP_LOCKED) \"" + table + "\"");
                LOG.fine(() -> "Analysed " + table + " after it changed");
            }
        });
    }
}
