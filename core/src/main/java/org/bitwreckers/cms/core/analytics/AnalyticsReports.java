package org.bitwreckers.cms.core.analytics;

import java.time.Clock;

/**
 * The reports the admin dashboard reads.
 *
 * @param traffic  visits from the website
 * @param platform what the platform records itself
 * @param clock    today, for periods
 */
public record AnalyticsReports(TrafficReports traffic, PlatformReports platform, Clock clock) {
}
