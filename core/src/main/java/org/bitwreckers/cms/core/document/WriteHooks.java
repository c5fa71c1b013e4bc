package org.bitwreckers.cms.core.document;

import java.util.List;
import java.util.Optional;

import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;

/**
 * Behaviour added to the write path from outside the document store (workflows, plugins). Hooks run inside the
 * write's transaction and refuse a write by throwing {@link org.bitwreckers.cms.core.error.CmsException}.
 */
public interface WriteHooks {
    /** No hooks. */
    WriteHooks NONE = new WriteHooks() { };

    /**
     * What is being written.
     *
     * @param type   content type
     * @param id     document id (empty before a new document is stored)
     * @param action create, submit, update, rollback or transition
     * @param before the data before the write (empty object for new documents)
     * @param author who writes
     * @param owner  the user a submission belongs to
     */
    record Context(ContentType type, Optional<Long> id, String action, JsonObject before, String author,
                   Optional<Long> owner) {
        /**
         * @param newId the stored document's id
         * @return this context with the id set
         */
        public Context withId(long newId) {
            return new Context(type, Optional.of(newId), action, before, author, owner);
        }
    }

    /**
     * @param ctx  the write
     * @param data the validated data
     */
    default void validate(Context ctx, JsonObject data) {
    }

    /**
     * @param tx   the write's transaction
     * @param ctx  the write
     * @param data the validated data
     * @return the data to store (validated again by the caller when it changed)
     */
    default JsonObject beforeSave(DbTransaction tx, Context ctx, JsonObject data) {
        return data;
    }

    /**
     * @param tx   the write's transaction
     * @param ctx  the write, with its id
     * @param data the stored data
     */
    default void afterSave(DbTransaction tx, Context ctx, JsonObject data) {
    }

    /**
     * @param tx   the transition's transaction
     * @param ctx  the document (action {@code transition})
     * @param from state before
     * @param to   state after
     * @param note the note given
     * @param data the data after the transition
     */
    default void onTransition(DbTransaction tx, Context ctx, String from, String to, String note, JsonObject data) {
    }

    /**
     * @param tx   the deleting transaction
     * @param ctx  the deleted document (action {@code delete})
     * @param data its data before deletion
     */
    default void afterDelete(DbTransaction tx, Context ctx, JsonObject data) {
    }

    /**
     * @param hooks hooks to run in order
     * @return one hook that runs them all
     */
    static WriteHooks chain(List<WriteHooks> hooks) {
        List<WriteHooks> all = List.copyOf(hooks);
        return new WriteHooks() {
            @Override
            public void validate(Context ctx, JsonObject data) {
                all.forEach(h -> h.validate(ctx, data));
            }

            @Override
            public JsonObject beforeSave(DbTransaction tx, Context ctx, JsonObject data) {
                JsonObject result = data;
                for (WriteHooks h : all) {
                    result = h.beforeSave(tx, ctx, result);
                }
                return result;
            }

            @Override
            public void afterSave(DbTransaction tx, Context ctx, JsonObject data) {
                all.forEach(h -> h.afterSave(tx, ctx, data));
            }

            @Override
            public void onTransition(DbTransaction tx, Context ctx, String from, String to, String note, JsonObject data) {
                all.forEach(h -> h.onTransition(tx, ctx, from, to, note, data));
            }

            @Override
            public void afterDelete(DbTransaction tx, Context ctx, JsonObject data) {
                all.forEach(h -> h.afterDelete(tx, ctx, data));
            }
        };
    }
}
