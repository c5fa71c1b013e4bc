package org.bitwreckers.cms.core.search.elastic;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.SimpleJsonpMapper;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * The connection to the Elasticsearch cluster and whether it answers. A call that cannot reach the cluster marks it
 * down; while down, cluster health is asked every few seconds, and once it answers the listener hears that the
 * cluster is back (so the index can catch up at once instead of at the next retry of each job).
 */
final class Cluster implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
    private static final long RETRY_AFTER_SECONDS = 5;

    /** One request to the cluster. */
    interface Call<T> {
        T run(ElasticsearchClient client) throws IOException;
    }

    private final ElasticsearchClient client;
    private final URI url;
    private final long checkMillis;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("elasticsearch-watch").factory());
    private ScheduledFuture<?> watch;
    private volatile Runnable whenBack = () -> { };

    /**
     * @param url         the cluster
     * @param apiKey      credentials for a secured cluster
     * @param checkMillis how often an unreachable cluster is asked again
     */
    Cluster(URI url, Optional<String> apiKey, long checkMillis) {
        this.url = url;
        this.checkMillis = checkMillis;
        // documents are jakarta.json values: the client's plain JSON-P mapper is all it needs
        this.client = ElasticsearchClient.of(b -> {
            b.host(url).jsonMapper(new SimpleJsonpMapper());
            apiKey.ifPresent(b::apiKey);
            return b;
        });
    }

    /** @param action what to do when an unreachable cluster answers again */
    void whenBack(Runnable action) {
        this.whenBack = action;
    }

    /** @return whether the last call could not reach the cluster */
    synchronized boolean down() {
        return watch != null;
    }

    /**
     * Runs a request; connection failures and server-side unavailability become a 503 and start the watch.
     *
     * @param call the request
     * @return its answer
     */
    <T> T call(Call<T> call) {
        try {
            return call.run(client);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (ElasticsearchException e) {
            if (e.status() >= 500 || e.status() == 429) {
                throw unreachable(e);
            }
            throw e;
        }
    }

    private CmsException unreachable(Exception cause) {
        markDown(cause);
        CmsException e = CmsException.unavailable("Search is unavailable right now; try again shortly",
                                                  RETRY_AFTER_SECONDS);
        e.initCause(cause);
        return e;
    }

    private synchronized void markDown(Exception cause) {
        if (watch == null) {
            LOG.warning("Elasticsearch at " + url + " cannot serve requests (" + cause.getMessage()
                                + "); searches answer 503 (or fall back) and index jobs retry until it is back");
            watch = watcher.scheduleWithFixedDelay(this::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        try {
            client.cluster().health(h -> h.timeout(t -> t.time("2s")));
        } catch (IOException | RuntimeException e) {
            return; // still down; asked again after the delay
        }
        synchronized (this) {
            if (watch != null) {
                watch.cancel(false);
                watch = null;
            }
        }
        LOG.info("Elasticsearch at " + url + " answers again; the index catches up");
        try {
            whenBack.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Catching up with Elasticsearch failed; index jobs keep retrying", e);
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.fine("closing the Elasticsearch client: " + e);
        }
    }
}
