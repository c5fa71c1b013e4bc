package org.bitwreckers.cms.core.db;

import java.sql.SQLException;
import java.util.List;

import io.helidon.dbclient.DbClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Other nodes hear of a type's change (content_changed, migration V32) exactly when what published reads show of it
 * changed: a document published, changed while published, unpublished or deleted while published; never for drafts.
 */
class PublishedChangeNoticeTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final String PUBLISH = "UPDATE documents SET status = 'published', published_data = data,"
            + " published_version = version, published_slug = slug, published_at = now() WHERE slug = ?";

    @BeforeAll
    static void migrate() {
        Database.migrate(DATABASE.url());
    }

    @Test
    void onlyChangesToWhatPublishedReadsShowAreAnnounced() throws SQLException {
        try (Listening listening = new Listening(DATABASE, "content_changed")) {
            DB.execute().dml("INSERT INTO documents (type, slug, data) VALUES ('note', 'n', '{\"title\": \"draft\"}')");
            DB.execute().dml("UPDATE documents SET data = '{\"title\": \"next\"}' WHERE slug = 'n'");
            assertThat("a draft's create and save", listening.payloadsSoFar(), is(empty()));

            DB.execute().dml(PUBLISH, "n");
            assertThat("published", listening.payloadsSoFar(), is(List.of("note")));

            DB.execute().dml("UPDATE documents SET data = '{\"title\": \"later\"}', version = 2 WHERE slug = 'n'");
            assertThat("a published document's draft saved", listening.payloadsSoFar(), is(empty()));

            DB.execute().dml(PUBLISH, "n");
            assertThat("published again", listening.payloadsSoFar(), is(List.of("note")));

            DB.execute().dml("UPDATE documents SET status = 'draft', published_data = NULL, published_version = NULL,"
                             + " published_slug = NULL, published_at = NULL WHERE slug = 'n'");
            assertThat("unpublished", listening.payloadsSoFar(), is(List.of("note")));

            DB.execute().dml("DELETE FROM documents WHERE slug = 'n'");
            assertThat("a draft deleted", listening.payloadsSoFar(), is(empty()));

            DB.execute().dml("INSERT INTO documents (type, slug, status, data, published_data, published_version,"
                             + " published_slug, published_at) VALUES ('event', 'e', 'published', '{}', '{}', 1, 'e',"
                             + " now())");
            DB.execute().dml("DELETE FROM documents WHERE slug = 'e'");
            assertThat("created published, then deleted", listening.payloadsSoFar(), is(List.of("event", "event")));
        }
    }
}
