package org.bitwreckers.cms.core.db;

import java.util.Map;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;

import org.bitwreckers.cms.core.db.Database.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The read pool's sessions (published lists and items) cannot write, and keep one plan per statement; the main
 * pool's sessions write and plan as PostgreSQL does by default.
 */
class ReadOnlySessionsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static DbClient reads;

    @BeforeAll
    static void open() {
        DATABASE.client().execute().dml("CREATE TABLE notes (text text NOT NULL)");
        DATABASE.client().execute().dml("INSERT INTO notes VALUES ('written by the main pool')");
        reads = Database.connect(DATABASE.url(), Sessions.READ_ONLY, 2, Map.of());
    }

    @AfterAll
    static void closeReads() {
        reads.close();
    }

    @Test
    void theReadPoolReadsButCannotWrite() {
        assertThat(reads.execute().get("SELECT count(*) AS n FROM notes").orElseThrow().column("n").asLong().get(),
                   is(1L));
        DbClientException refused = assertThrows(DbClientException.class,
                                                 () -> reads.execute().dml("INSERT INTO notes VALUES ('never')"));
        assertThat(rootMessage(refused), containsString("read-only transaction"));
        assertThat(setting(reads, "transaction_read_only"), is("on"));
    }

    @Test
    void theReadPoolKeepsOnePlanPerStatementAndTheMainPoolPlansForTheValues() {
        assertThat(setting(reads, "plan_cache_mode"), is("force_generic_plan"));
        assertThat(setting(DATABASE.client(), "plan_cache_mode"), is("auto"));
        assertThat(setting(DATABASE.client(), "transaction_read_only"), is("off"));
    }

    private static String setting(DbClient db, String name) {
        return db.execute().get("SELECT current_setting(?) AS value", name).orElseThrow().column("value").asString().get();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
