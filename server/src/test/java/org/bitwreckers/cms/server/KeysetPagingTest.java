package org.bitwreckers.cms.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Keyset paging: following nextCursor visits every document once, in the same order as numbered pages, even where
 * many documents share a sort value or have none; prevCursor walks back through the same pages; a changed, foreign or
 * misplaced cursor is a 400 naming {@code cursor}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysetPagingTest {
    private static final String LIST = "/api/v1/content/article?filter[category]=guide&pageSize=7";
    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        // 61 guides: created in groups of five at the same instant; ratings 1..4 with every fifth one missing; a
        // score that is mostly equal
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at,
                                         created_at)
                  SELECT 'article', 'keyset-' || g, 'published', d, d, 1, now() - (g / 5) * interval '1 hour',
                         timestamptz '2026-01-01 00:00:00.123456+00' - (g / 5) * interval '1 minute'
                  FROM generate_series(1, 61) g,
                       LATERAL (SELECT jsonb_build_object('title', 'Keyset ' || (g % 9), 'category', 'guide',
                                 'rating', CASE WHEN g % 5 = 0 THEN NULL ELSE g % 4 + 1 END,
                                 'score', CASE WHEN g % 3 = 0 THEN 1.5 ELSE 2 END) AS d) x
                  RETURNING 1)
                SELECT count(*) FROM inserted""");
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    @Test
    void cursorsVisitEveryDocumentOnceInTheOrderOfNumberedPages() {
        for (String sort : List.of("", "&sort=-created_at", "&sort=created_at", "&sort=rating", "&sort=-rating",
                                   "&sort=-score,title", "&sort=title,-rating")) {
            List<Long> numbered = numbered(cms.delivery, LIST + sort);
            assertThat(sort, numbered.size(), is(pagination(cms.delivery.get(LIST + sort)).getInt("total")));
            assertThat(sort, new HashSet<>(numbered).size(), is(numbered.size()));
            List<List<Long>> forward = walk(cms.delivery, LIST + sort, "nextCursor");
            assertThat(sort, forward.stream().flatMap(List::stream).toList(), is(numbered));
            // back from the last page: the same pages in reverse, each in forward order
            List<List<Long>> backward = walkBack(cms.delivery, LIST + sort);
            List<List<Long>> expected = new ArrayList<>(forward.subList(0, forward.size() - 1));
            Collections.reverse(expected);
            assertThat(sort, backward, is(expected));
        }
    }

    @Test
    void theAdminListPagesByCursorToo() {
        String list = "/admin/v1/content/article?filter[category]=guide&pageSize=10&sort=-rating";
        assertThat(walk(cms.admin, list, "nextCursor").stream().flatMap(List::stream).toList(),
                   is(numbered(cms.admin, list)));
    }

    @Test
    void aCursorPageHasNoNumberButATotalAndCursorsBothWays() {
        JsonObject first = pagination(cms.delivery.get(LIST + "&sort=-created_at"));
        assertThat(first.getInt("page"), is(1));
        assertThat(first, not(hasKey("prevCursor")));
        JsonObject second = pagination(cms.delivery.get(LIST + "&sort=-created_at&cursor=" + first.getString("nextCursor")));
        assertThat(second, not(hasKey("page")));
        assertThat(second.getInt("total"), is(first.getInt("total")));
        assertThat(second, hasKey("prevCursor"));
        assertThat(second, hasKey("nextCursor"));
        // the last numbered page says there is nothing after it
        assertThat(pagination(cms.delivery.get(LIST + "&sort=-created_at&page=9")), not(hasKey("nextCursor")));
    }

    @Test
    void badCursorsAreRefusedNamingTheCursor() {
        String cursor = pagination(cms.delivery.get(LIST + "&sort=-created_at")).getString("nextCursor");
        String body = cursor.substring(0, cursor.indexOf('.'));
        char changed = body.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = body.substring(0, 10) + changed + body.substring(11) + cursor.substring(cursor.indexOf('.'));
        for (String bad : List.of(tampered, cursor.substring(0, cursor.length() - 2), "not-a-cursor", "x.y", ".")) {
            Http.Response r = cms.delivery.get(LIST + "&sort=-created_at&cursor=" + bad);
            assertThat(bad, r.status(), is(400));
            assertThat(r.json().getBoolean("success"), is(false));
            assertThat(r.error().getJsonObject("details"), hasKey("cursor"));
        }
        // made for another sort
        Http.Response foreign = cms.delivery.get(LIST + "&sort=title&cursor=" + cursor);
        assertThat(foreign.status(), is(400));
        assertThat(foreign.error().getJsonObject("details").getString("cursor"), containsString("sort"));
        // with a page, and beside another bad parameter: every problem named at once
        Http.Response both = cms.delivery.get(LIST + "&sort=-created_at&page=2&filter[nope]=1&cursor=" + cursor);
        assertThat(both.status(), is(400));
        assertThat(both.error().getJsonObject("details").getString("cursor"), containsString("page"));
        assertThat(both.error().getJsonObject("details"), hasKey("filter[nope]"));
        // the admin list checks the same way
        assertThat(cms.admin.get("/admin/v1/content/article?cursor=" + tampered).status(), is(400));
    }

    private static List<Long> numbered(Http http, String list) {
        List<Long> ids = new ArrayList<>();
        for (int page = 1; page < 100; page++) {
            Http.Response r = http.get(list + "&page=" + page);
            List<Long> got = ids(r);
            if (got.isEmpty()) {
                break;
            }
            ids.addAll(got);
        }
        return ids;
    }

    private static List<List<Long>> walk(Http http, String list, String direction) {
        List<List<Long>> pages = new ArrayList<>();
        Http.Response r = http.get(list);
        for (int i = 0; i < 100; i++) {
            assertThat(r.json().toString(), r.status(), is(200));
            List<Long> got = ids(r);
            if (!got.isEmpty()) {
                pages.add(got);
            }
            JsonObject pagination = pagination(r);
            if (!pagination.containsKey(direction)) {
                return pages;
            }
            r = http.get(list + "&cursor=" + pagination.getString(direction));
        }
        throw new AssertionError("no end after 100 pages");
    }

    /** From the last page (reached by cursors), prevCursor to the first. */
    private static List<List<Long>> walkBack(Http http, String list) {
        Http.Response r = http.get(list);
        while (pagination(r).containsKey("nextCursor")) {
            Http.Response next = http.get(list + "&cursor=" + pagination(r).getString("nextCursor"));
            if (ids(next).isEmpty()) {
                break;
            }
            r = next;
        }
        List<List<Long>> pages = new ArrayList<>();
        while (pagination(r).containsKey("prevCursor")) {
            r = http.get(list + "&cursor=" + pagination(r).getString("prevCursor"));
            assertThat(r.json().toString(), r.status(), is(200));
            if (!ids(r).isEmpty()) {
                pages.add(ids(r));
            }
        }
        return pages;
    }

    private static JsonObject pagination(Http.Response r) {
        return r.json().getJsonObject("meta").getJsonObject("pagination");
    }

    private static List<Long> ids(Http.Response r) {
        return r.data().asJsonArray().stream().map(JsonValue::asJsonObject).map(o -> o.getJsonNumber("id").longValue())
                .toList();
    }
}
