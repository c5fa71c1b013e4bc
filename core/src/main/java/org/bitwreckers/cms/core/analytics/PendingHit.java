package org.bitwreckers.cms.core.analytics;

import java.time.Instant;
import java.util.Optional;

/**
 * A beacon accepted and waiting for the writer. The user agent is held in memory only, until the writer has counted
 * it as a browser, an operating system and a device class; it is never written.
 *
 * @param at         when it arrived
 * @param beacon     what it reported
 * @param path       the page's path as counted
 * @param source     where the visit came from
 * @param visitor    the visitor's hash for the day
 * @param userAgent  the User-Agent header
 */
record PendingHit(Instant at, Beacon beacon, String path, Sources.Source source, long visitor, String userAgent) {
    Optional<String> name() {
        return beacon.name();
    }
}
