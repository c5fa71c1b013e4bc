package org.bitwreckers.cms.core.document;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bitwreckers.cms.core.query.SqlQuery;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class CountCacheTest {
    private final ContentChanges changes = new ContentChanges();
    private final CountCache cache = new CountCache(changes);
    private final AtomicInteger counted = new AtomicInteger();

    private long total(String type, String value) {
        SqlQuery sql = new SqlQuery("SELECT count(*) ... WHERE x = ?", List.of(value));
        return cache.total(type, sql, () -> 100 + counted.incrementAndGet());
    }

    @Test
    void aListIsCountedOncePerGenerationOfItsType() {
        assertThat(total("project", "web"), is(101L));
        assertThat(total("project", "web"), is(101L));
        assertThat(total("project", "ai"), is(102L)); // other parameters, another count
        total("event", "web");
        changes.changed("event");
        assertThat(total("project", "web"), is(101L)); // another type changed
        changes.changed("project");
        assertThat(total("project", "web"), is(104L));
        changes.changedAll();
        assertThat(total("project", "web"), is(105L));
        assertThat(counted.get(), is(5));
    }
}
