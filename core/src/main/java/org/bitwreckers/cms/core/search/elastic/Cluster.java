package org.bitwreckers.cms.core.search.elastic;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.json.SimpleJsonpMapper;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * The connection to the Elasticsearch cluster and whether it answers. A call that cannot reach the cluster marks it
 * down; while down, cluster health is asked every few seconds, and once it is at least yellow the listener hears that
 * the cluster is back (so the index catches up at once instead of at the next retry of each job).
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
    private volatile Consumer<Instant> whenBack = since -> { };
    private Instant downSince;

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

    /** @param action what to do when an unreachable cluster answers again, given when it stopped answering */
    void whenBack(Consumer<Instant> action) {
        this.whenBack = action;
    }

    /**
     * Runs a request. A cluster that cannot be reached is a 503 and starts the watch; a cluster that is reached but
     * busy or failing (429, 5xx) is a 503 only, so callers back off without a catch-up storm.
     *
     * @param call the request
     * @return its answer
     */
    <T> T call(Call<T> call) {
        try {
            return call.run(client);
        } catch (IOException e) {
            markDown(e);
            throw unavailable(e);
        } catch (ElasticsearchException e) {
            if (e.status() == 401 || e.status() == 403) {
                LOG.severe("Elasticsearch at " + url + " refuses this platform's credentials (" + e.status()
                                   + "); check ELASTICSEARCH_API_KEY");
                throw unavailable(e);
            }
            if (e.status() >= 500 || e.status() == 429) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    private static CmsException unavailable(Exception cause) {
        CmsException e = CmsException.unavailable("Search is unavailable right now; try again shortly",
                                                  RETRY_AFTER_SECONDS);
        e.initCause(cause);
        return e;
    }

    private synchronized void markDown(Exception cause) {
        if (watch == null) {
            downSince = Instant.now();
            LOG.warning("Elasticsearch at " + url + " cannot serve requests (" + cause.getMessage()
                                + "); searches answer 503 (or fall back) and index jobs retry until it is back");
            watch = watcher.scheduleWithFixedDelay(this::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        try {
            if (client.cluster().health(h -> h.waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("2s"))).timedOut()) {
                return; // reachable, but its shards are not ready yet
            }
        } catch (IOException | RuntimeException e) {
            return; // still down; asked again after the delay
        }
        Instant since;
        synchronized (this) {
            if (watch == null) {
                return;
            }
            watch.cancel(false);
            watch = null;
            since = downSince;
        }
        LOG.info("Elasticsearch at " + url + " answers again; the index catches up");
        try {
            whenBack.accept(since);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Catching up with Elasticsearch failed; index jobs keep retrying", e);
        }
    }

    /** @return why the cluster cannot answer now (unreachable, or health red), asked of the cluster itself */
    Optional<String> problem() {
        try {
            HealthStatus status = client.cluster().health(h -> h.timeout(t -> t.time("2s"))).status();
            return status == HealthStatus.Red ? Optional.of("Elasticsearch at " + url + " is red") : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("Elasticsearch at " + url + " cannot be reached");
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
