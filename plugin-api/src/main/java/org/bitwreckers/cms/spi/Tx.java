package org.bitwreckers.cms.spi;

/**
 * Services bound to one transaction. Mail and notifications queued here are sent only if the transaction commits.
 *
 * @since 0.1
 */
public interface Tx {
    /**
     * @return document reads, locks and writes in this transaction
     * @since 0.1
     */
    Documents documents();

    /**
     * @return mail queued in this transaction
     * @since 0.1
     */
    Mail mail();

    /**
     * @return in-app notifications created in this transaction
     * @since 0.1
     */
    Notifications notifications();

    /**
     * @return user look-ups
     * @since 0.1
     */
    Users users();
}
