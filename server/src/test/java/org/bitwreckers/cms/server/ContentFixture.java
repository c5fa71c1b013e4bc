package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Content for the backup and transfer tests, written through the admin API as editors write it: two types related to
 * each other, an uploaded image used as a cover, published documents and drafts, several versions each, and the
 * search index jobs all run.
 */
final class ContentFixture {
    /** The searchable word every published article carries. */
    static final String WORD = "wombat";

    final List<Long> authors = new ArrayList<>();
    final List<Long> articles = new ArrayList<>();
    final String coverKey;

    private ContentFixture(String coverKey) {
        this.coverKey = coverKey;
    }

    static ContentFixture fill(TestPlatform cms) {
        String upload;
        try {
            upload = MediaSuite.upload(cms, "cover.png", MediaSuite.image("png", 90, 60), "A cover");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject media = MediaSuite.data(upload);
        ContentFixture f = new ContentFixture(media.getString("key"));
        for (int i = 0; i < 3; i++) {
            f.authors.add(created(cms.admin.post("/admin/v1/content/author", "{\"data\":{\"name\":\"Author " + i
                    + "\",\"email\":\"a" + i + "@example.org\"}}")));
        }
        for (int i = 0; i < 6; i++) {
            long id = created(cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"" + WORD + " tale " + i
                    + "\",\"category\":\"story\",\"body\":\"<p>Once</p>\",\"author\":" + f.authors.get(i % 3)
                    + ",\"cover\":\"" + media.getString("url") + "\",\"tags\":[\"t" + i + "\"]}}"));
            f.articles.add(id);
            Http.Response edited = cms.admin.put("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"" + WORD
                    + " tale " + i + " (edited)\",\"category\":\"story\",\"author\":" + f.authors.get(i % 3)
                    + ",\"cover\":\"" + media.getString("url") + "\",\"related\":[" + f.articles.get(0) + "]}}");
            assertThat(edited.raw().body(), edited.status(), is(200));
            if (i % 2 == 0) {
                Http.Response published = cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
                assertThat(published.raw().body(), published.status(), is(200));
            }
        }
        assertThat(Await.until(Duration.ofSeconds(30), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running') AND run_at <= now()") == 0), is(true));
        return f;
    }

    private static long created(Http.Response r) {
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }
}
