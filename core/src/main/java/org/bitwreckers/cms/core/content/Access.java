package org.bitwreckers.cms.core.content;

/**
 * Who may do something with a content type. Staff means an authenticated admin API caller.
 */
public enum Access {
    /** Anyone, without credentials. */
    PUBLIC,
    /** Only staff (admin API callers). */
    STAFF
}
