package org.bitwreckers.cms.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;

/**
 * What a start has opened so far (pool, listener, workers, plugins...), so that a start that fails half-way closes all
 * of it, newest first, instead of leaving connections and threads behind.
 */
final class Opened {
    private static final Logger LOG = Logger.getLogger(Opened.class.getName());

    private final Deque<Named> resources = new ArrayDeque<>();

    private record Named(String name, AutoCloseable resource) {
    }

    /**
     * @param name     what it is, for the log
     * @param value    what was opened
     * @param resource how to close it
     * @param <T>      its type
     * @return the resource
     */
    <T> T add(String name, T value, AutoCloseable resource) {
        resources.push(new Named(name, resource));
        return value;
    }

    /** Closes everything, newest first; a failure to close one is logged and the rest still close. */
    void closeAll() {
        while (!resources.isEmpty()) {
            Named next = resources.pop();
            try {
                next.resource().close();
            } catch (Exception | LinkageError e) {
                LOG.warning("after a failed start, " + next.name() + " did not close cleanly: " + e);
            }
        }
    }
}
