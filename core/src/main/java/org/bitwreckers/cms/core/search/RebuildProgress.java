package org.bitwreckers.cms.core.search;

/**
 * What a rebuild reports as it goes, so a person waiting for it at a terminal sees it move.
 */
@FunctionalInterface
public interface RebuildProgress {
    /** For rebuilds nobody watches (the job queue's). */
    RebuildProgress NONE = (type, entries) -> { };

    /**
     * @param type    the content type whose entries are being written
     * @param entries entries of that type written so far (a document has one per view it is searchable in)
     */
    void indexed(String type, long entries);
}
