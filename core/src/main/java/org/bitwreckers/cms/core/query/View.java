package org.bitwreckers.cms.core.query;

/**
 * Which state of the documents a read sees, and in which shape it returns them.
 */
public enum View {
    /** Delivery: published snapshots only, flat shape, private fields left out. */
    PUBLISHED,
    /** Delivery with a preview token: current drafts, flat shape, private fields left out. */
    PREVIEW,
    /** Admin: current drafts with status and version metadata, data nested under "data". */
    ADMIN;

    /**
     * @return the table this view reads: published documents have a copy of their own, which carries the indexes of
     *         published reads (migration V33), with the same column names as documents
     */
    public String table() {
        return this == PUBLISHED ? "published_documents" : "documents";
    }

    /** @return the jsonb column this view reads */
    public String column() {
        return this == PUBLISHED ? "published_data" : "data";
    }

    /** @return whether private fields are hidden */
    public boolean hidesPrivate() {
        return this != ADMIN;
    }
}
