package org.bitwreckers.cms.core.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.helidon.dbclient.DbClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A table that more than doubled since PostgreSQL last analysed it is analysed (its row estimate becomes right); a
 * table that barely changed is left to autovacuum. Autovacuum is off on the test machines, so nothing else analyses.
 */
class PlannerStatisticsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();

    @Test
    void aTableThatOutgrewItsStatisticsIsAnalysedAndAnUnchangedOneIsNot() throws SQLException {
        try (Connection c = Database.open(DATABASE.url()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE grown (n int)");
            s.execute("CREATE TABLE steady (n int)");
            s.execute("INSERT INTO steady SELECT generate_series(1, 5000)");
            s.execute("SELECT pg_stat_force_next_flush()"); // counted before the analysis, which starts the count over
            s.execute("ANALYZE steady");
            s.execute("INSERT INTO steady SELECT generate_series(1, 10)");
            s.execute("INSERT INTO grown SELECT generate_series(1, 5000)");
            s.execute("SELECT pg_stat_force_next_flush()"); // this session's counts reach the shared statistics now
        }
        assertThat(changedSinceAnalysis("grown"), is(5000L));

        PlannerStatistics.refreshGrown(DB, List.of("grown", "steady"));

        assertThat(number("SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'grown'"), is(5000L));
        assertThat(changedSinceAnalysis("grown"), is(0L));
        assertThat(changedSinceAnalysis("steady"), is(10L));
    }

    /**
     * Another node's check holds the lock while it analyses; a check started meanwhile waits for it, then finds the
     * table analysed and leaves it (before, it saw the same growth and analysed the table a second time).
     */
    @Test
    void aCheckStartedWhileAnotherRunsWaitsForItAndDoesNotAnalyseAgain() throws Exception {
        try (Connection c = Database.open(DATABASE.url()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE busy (n int)");
            s.execute("INSERT INTO busy SELECT generate_series(1, 5000)");
            s.execute("SELECT pg_stat_force_next_flush()");
        }
        try (Connection other = Database.open(DATABASE.url()); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + PlannerStatistics.REFRESH_LOCK + ")");
            CompletableFuture<Void> check = CompletableFuture.runAsync(
                    () -> PlannerStatistics.refreshGrown(DB, List.of("busy")), Thread::startVirtualThread);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!lockWaitedFor() && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait(); // bounded: until the check waits for the lock
            }
            assertThat(lockWaitedFor(), is(true));
            s.execute("ANALYZE busy");
            other.commit();
            check.get(10, TimeUnit.SECONDS);
        }
        assertThat(number("SELECT analyze_count AS n FROM pg_stat_user_tables WHERE relname = 'busy'"), is(1L));
    }

    private static boolean lockWaitedFor() {
        return number("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                              + " AND objid = " + PlannerStatistics.REFRESH_LOCK) > 0;
    }

    private static long changedSinceAnalysis(String table) {
        return number("SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = '" + table + "'");
    }

    private static long number(String sql) {
        return DB.execute().get(sql).orElseThrow().column("n").get(Long.class);
    }
}
