package org.bitwreckers.cms.core.analytics;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.analytics.HitWriter.Drop;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Takes the website's beacons. The request thread only checks the beacon, drops what must not be counted (opted out,
 * automated, too many from one address, from another site), hashes the visitor and queues it: the answer never waits
 * for the database, and a full queue drops (and counts) instead of blocking.
 */
public final class Analytics implements AutoCloseable {
    /**
     * What the HTTP layer knows about a beacon's request.
     *
     * @param address   the client's address (after trusted proxies)
     * @param userAgent the User-Agent header, or empty
     * @param optedOut  Sec-GPC: 1 or DNT: 1
     * @param prefetch  a speculative load (Sec-Purpose or Purpose: prefetch), not a visit
     */
    public record Request(String address, String userAgent, boolean optedOut, boolean prefetch) {
    }

    private final AnalyticsSettings settings;
    private final Clock clock;
    private final BlockingQueue<PendingHit> queue;
    private final VisitorHashes visitors;
    private final AddressLimit limit;
    private final HitWriter writer;

    /**
     * @param db       database client
     * @param settings ANALYTICS_* settings
     * @param clock    the clock (days of salts and rows)
     */
    public Analytics(DbClient db, AnalyticsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.bufferSize());
        this.visitors = new VisitorHashes(db, clock);
        this.limit = new AddressLimit(settings.beaconsPerMinute(), clock);
        this.writer = new HitWriter(db, queue);
    }

    /**
     * Counts a beacon, or drops it with a reason.
     *
     * @param body    the body (JSON sent as text)
     * @param request the request's client details
     * @throws CmsException 400 naming each problem of a malformed beacon
     */
    public void accept(String body, Request request) {
        Beacon beacon = Beacon.parse(body, settings.viewTypes(), settings.eventNames());
        if (!settings.enabled()) {
            return;
        }
        if (request.optedOut()) {
            writer.drop(Drop.OPT_OUT);
            return;
        }
        if (request.prefetch() || beacon.webdriver() || UserAgents.plainlyAutomated(request.userAgent())) {
            writer.drop(Drop.BOT);
            return;
        }
        if (!settings.siteHosts().contains(beacon.url().getHost().toLowerCase(Locale.ROOT))) {
            writer.drop(Drop.FOREIGN);
            return;
        }
        if (!limit.allow(request.address())) {
            writer.drop(Drop.RATE_LIMITED);
            return;
        }
        UserAgents.load();
        PendingHit hit = new PendingHit(Instant.now(clock), beacon, Sources.path(beacon.url()),
                                        Sources.of(beacon.url(), beacon.referrer(), settings.siteHosts()),
                                        visitors.visitor(request.address(), request.userAgent()), request.userAgent());
        if (!queue.offer(hit)) {
            writer.drop(Drop.FULL);
        }
    }

    /** @return the partitions of the visit table */
    Partitions partitions() {
        return writer.partitions();
    }

    /** Writes what is still queued. */
    @Override
    public void close() {
        writer.stop();
    }
}
