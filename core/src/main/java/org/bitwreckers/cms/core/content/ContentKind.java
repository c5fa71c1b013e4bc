package org.bitwreckers.cms.core.content;

/**
 * What a content type is for.
 */
public enum ContentKind {
    /** Editorial content with draft and publish: projects, events, FAQ entries. */
    COLLECTION,
    /** Editorial content with at most one document: contact info, settings of a page. */
    SINGLE,
    /** Private input from the public: applications, contact messages. Never published. */
    SUBMISSION
}
