package org.bitwreckers.cms.core.document;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;

/**
 * Told about every public submission inside its transaction, so what it queues commits or rolls back with it.
 */
public interface SubmissionListener {
    /**
     * @param tx   the submission's transaction
     * @param type the submission type
     * @param id   the new document's id
     * @param data the validated data
     */
    void submitted(DbExecute tx, ContentType type, long id, JsonObject data);
}
