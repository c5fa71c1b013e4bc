package org.bitwreckers.cms.core.document;

import java.io.StringReader;
import java.util.List;

import io.helidon.dbclient.DbClient;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.ScratchDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A type's generation (what this node's cached published reads are kept by) moves when what published reads show
 * changes, and only then: an editor saving drafts all day does not empty the delivery cache of the type.
 */
class PublishedGenerationsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final ContentType NOTE = DescriptorParser.parse(Json.createReader(new StringReader("""
            {"name": "note", "kind": "collection", "fields": [
              {"name": "text", "type": "string", "required": true}]}""")).readObject(), "note.json");

    private final ContentChanges changes = new ContentChanges();
    private final DocumentService service = new DocumentService(DB, new DocumentReader(DB, DB, changes), changes,
                                                                List.of(), List.of());

    @BeforeAll
    static void migrate() {
        Database.migrate(DATABASE.url());
    }

    @Test
    void draftsLeaveTheGenerationAlonePublishingUnpublishingAndDeletingMoveIt() {
        String start = changes.generation(NOTE.name());
        long id = id(service.create(NOTE, body("{\"data\": {\"text\": \"first\"}}"), "editor"));
        service.patch(NOTE, id, body("{\"data\": {\"text\": \"second\"}}"), "editor");
        assertThat("a draft's create and edit", changes.generation(NOTE.name()), is(start));

        service.publish(NOTE, id, "editor");
        String published = changes.generation(NOTE.name());
        assertThat("a publish", published, is(not(start)));
        service.patch(NOTE, id, body("{\"data\": {\"text\": \"third\"}}"), "editor");
        assertThat("an edit of a published document's draft", changes.generation(NOTE.name()), is(published));

        service.transaction(tx -> service.patchIn(tx, NOTE, id, Json.createObjectBuilder().add("text", "fact").build(),
                                                  "plugin", "plugin:test"));
        String patched = changes.generation(NOTE.name());
        assertThat("a maintained fact, which reaches the published copy", patched, is(not(published)));

        service.unpublish(NOTE, id, "editor");
        String unpublished = changes.generation(NOTE.name());
        assertThat("an unpublish", unpublished, is(not(patched)));
        service.delete(NOTE, id, "editor");
        assertThat("the deletion of a draft", changes.generation(NOTE.name()), is(unpublished));

        long other = id(service.create(NOTE, body("{\"data\": {\"text\": \"other\"}}"), "editor"));
        service.publish(NOTE, other, "editor");
        String before = changes.generation(NOTE.name());
        service.delete(NOTE, other, "editor");
        assertThat("the deletion of a published document", changes.generation(NOTE.name()), is(not(before)));
    }

    private static JsonObject body(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static long id(String admin) {
        JsonObject doc = body(admin);
        return doc.getJsonNumber("id").longValue();
    }
}
