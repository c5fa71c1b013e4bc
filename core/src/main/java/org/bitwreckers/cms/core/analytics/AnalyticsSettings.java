package org.bitwreckers.cms.core.analytics;

import java.util.Set;

/**
 * How analytics collects and keeps visits.
 *
 * @param enabled          ANALYTICS_ENABLED: whether beacons are counted at all
 * @param retentionMonths  ANALYTICS_RETENTION_MONTHS: months of raw visits kept (rollups stay)
 * @param viewTypes        ANALYTICS_VIEW_TYPES: content types whose pages count as document views
 * @param eventNames       ANALYTICS_EVENTS: the named events the site may report
 * @param bufferSize       ANALYTICS_BUFFER: beacons waiting to be written; past it they are dropped and counted
 * @param beaconsPerMinute ANALYTICS_BEACONS_PER_MINUTE: beacons counted per client address and minute
 * @param siteHosts        the site's own host names (FRONTEND_URL, CORS_ORIGINS, PUBLIC_URL): beacons must come
 *                         from pages there
 */
public record AnalyticsSettings(boolean enabled, int retentionMonths, Set<String> viewTypes, Set<String> eventNames,
                                int bufferSize, int beaconsPerMinute, Set<String> siteHosts) {
    /** Settings as they are when nothing is configured. */
    public static final Set<String> DEFAULT_VIEW_TYPES = Set.of("project", "event");
    /** The named events a site reports out of the box. */
    public static final Set<String> DEFAULT_EVENTS = Set.of("apply_clicked", "register_clicked", "newsletter_clicked",
                                                            "contact_clicked", "outbound_clicked");

    /** Copies the sets. */
    public AnalyticsSettings {
        viewTypes = Set.copyOf(viewTypes);
        eventNames = Set.copyOf(eventNames);
        siteHosts = Set.copyOf(siteHosts);
    }
}
