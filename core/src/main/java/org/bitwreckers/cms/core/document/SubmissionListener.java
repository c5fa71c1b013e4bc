package org.bitwreckers.cms.core.document;

import java.util.List;

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

    /**
     * A listener told about the submissions of a shared transaction together, once they all ran and before it
     * commits, rather than as each is written; a submission written alone is told as a list of one. Only for work that
     * cannot fail for one submission's sake (its own rows, made from what the submission stored): a failure then fails
     * every submission of the transaction, where told one by one it fails that one alone.
     */
    @FunctionalInterface
    interface Together extends SubmissionListener {
        /**
         * @param tx          their transaction
         * @param submissions the submissions, in the order they were written
         */
        void submittedTogether(DbExecute tx, List<Submission> submissions);

        @Override
        default void submitted(DbExecute tx, ContentType type, long id, JsonObject data) {
            submittedTogether(tx, List.of(new Submission(type, id, data)));
        }
    }

    /**
     * A submission as written.
     *
     * @param type the submission type
     * @param id   the new document's id
     * @param data the validated data
     */
    record Submission(ContentType type, long id, JsonObject data) {
    }
}
