package org.bitwreckers.cms.core.transfer;

/**
 * The NDJSON layout: one JSON object per line, each with a {@code record} naming what it is. The first line is the
 * header; then {@code content_type}, {@code media} and {@code document} lines. Documents carry every column of their
 * row except the owner (accounts do not travel), and their versions.
 */
final class TransferFormat {
    /** Marks an export's header. */
    static final String FORMAT = "bitwreckers-content";
    /** The layout this code writes and reads. */
    static final int FORMAT_VERSION = 1;
    /** The key naming a line's kind of record. */
    static final String RECORD = "record";
    static final String HEADER = "header";
    static final String CONTENT_TYPE = "content_type";
    static final String MEDIA = "media";
    static final String DOCUMENT = "document";

    private TransferFormat() {
    }
}
