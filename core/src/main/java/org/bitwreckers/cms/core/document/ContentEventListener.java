package org.bitwreckers.cms.core.document;

import java.util.List;

import io.helidon.dbclient.DbExecute;

import org.bitwreckers.cms.core.content.ContentType;

/**
 * Told about every content event inside the transaction that causes it, so what it queues commits or rolls back
 * with the write.
 */
public interface ContentEventListener {
    /** Content events, named as webhooks see them. */
    enum Event {
        CREATED("document.created"),
        UPDATED("document.updated"),
        PUBLISHED("document.published"),
        UNPUBLISHED("document.unpublished"),
        DELETED("document.deleted"),
        SUBMITTED("submission.received");

        private final String wireName;

        Event(String wireName) {
            this.wireName = wireName;
        }

        /** @return the event's name in webhook payloads */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param tx    the writing transaction
     * @param event what happened
     * @param type  the document's type
     * @param id    the document's id
     */
    void changed(DbExecute tx, Event event, ContentType type, long id);

    /**
     * Told about a batch (the bulk import): the same events for many documents of one type, in one call so a
     * listener can queue its work with one statement. By default, one {@link #changed} per event and document.
     *
     * @param tx     the writing transaction
     * @param events what happened to each document, in order
     * @param type   the documents' type
     * @param ids    the documents' ids
     */
    default void changed(DbExecute tx, List<Event> events, ContentType type, List<Long> ids) {
        for (Event event : events) {
            ids.forEach(id -> changed(tx, event, type, id));
        }
    }
}
