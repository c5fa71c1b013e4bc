package org.bitwreckers.cms.spi;

import java.time.Instant;

/**
 * The platform's services, narrowed for plugins: documents, users, settings, and transactions through which mail,
 * notifications and workflow transitions are queued.
 *
 * @since 0.1
 */
public interface PluginServices {
    /**
     * @return document reads outside a transaction
     * @since 0.1
     */
    Documents documents();

    /**
     * @return user look-ups
     * @since 0.1
     */
    Users users();

    /**
     * @return this plugin's settings
     * @since 0.1
     */
    PluginConfig config();

    /**
     * Runs work in one database transaction: everything it writes and queues commits together, or nothing does
     * when it throws.
     *
     * @param work the work
     * @param <T>  its result
     * @return the work's result
     * @since 0.1
     */
    <T> T transaction(TxWork<T> work);

    /**
     * @return the current time (tests and plugins agree on it)
     * @since 0.1
     */
    Instant now();

    /**
     * Work inside a transaction.
     *
     * @param <T> result type
     */
    @FunctionalInterface
    interface TxWork<T> {
        /**
         * @param tx the transaction
         * @return the result
         */
        T run(Tx tx);
    }
}
