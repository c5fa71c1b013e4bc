package org.bitwreckers.cms.core.db;


import io.helidon.dbclient.DbClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * Points in time read as ISO 8601 in UTC with milliseconds (cut, not rounded), whatever the session's time zone;
 * NULL stays NULL.
 */
class SqlTimeTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();

    @Test
    void writesUtcWithMillisecondsInAnyTimeZone() {
        String sql = "SELECT " + SqlTime.iso("t") + " AS iso FROM (SELECT ?::timestamptz AS t) x";
        assertThat(iso(sql, "2026-01-31 10:35:00.1234+01:00"), is("2026-01-31T09:35:00.123Z"));
        assertThat(iso(sql, "2026-07-01T00:00:00Z"), is("2026-07-01T00:00:00.000Z"));
        assertThat(iso(sql, "1999-12-31 23:59:59.9999-05:00"), is("2000-01-01T04:59:59.999Z"));
        assertThat(iso(sql, null), is(nullValue()));
    }

    private static String iso(String sql, String value) {
        return Transactions.call(DB, tx -> {
            tx.dml("SET LOCAL TIME ZONE 'America/St_Johns'"); // a half-hour offset, and not the server's zone
            return tx.get(sql, value).orElseThrow().column("iso").get(String.class);
        });
    }
}
