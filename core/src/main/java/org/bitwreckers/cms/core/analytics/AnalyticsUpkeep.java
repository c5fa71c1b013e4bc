package org.bitwreckers.cms.core.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Logger;

import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Daily: makes this month's and next month's visit partitions ahead of time, and drops the months past the retention
 * (raw visits only: rollups, facts and drop counts are aggregates and stay).
 */
public final class AnalyticsUpkeep implements JobHandler {
    /** Job kind. */
    public static final String KIND = "analytics.upkeep";
    private static final Logger LOG = Logger.getLogger(AnalyticsUpkeep.class.getName());

    private final Analytics analytics;
    private final int retentionMonths;
    private final Clock clock;

    /**
     * @param analytics       the beacon intake (its partitions)
     * @param retentionMonths months of raw visits kept
     * @param clock           the clock
     */
    public AnalyticsUpkeep(Analytics analytics, int retentionMonths, Clock clock) {
        this.analytics = analytics;
        this.retentionMonths = retentionMonths;
        this.clock = clock;
    }

    /**
     * Declares the recurring job (idempotent; every node may call it at start).
     *
     * @param queue the job queue
     */
    public static void schedule(JobQueue queue) {
        queue.recurring("analytics-upkeep", KIND, JsonValue.EMPTY_JSON_OBJECT, Duration.ofDays(1));
    }

    @Override
    public void handle(Job job) {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        analytics.partitions().ensure(now);
        analytics.partitions().ensure(now.plusMonths(1));
        // retention counts whole months, the current one included: 13 keeps this month and the twelve before it
        List<String> dropped = analytics.partitions().dropBefore(now.minusMonths(retentionMonths - 1L));
        if (!dropped.isEmpty()) {
            LOG.info("Analytics retention dropped " + dropped);
        }
    }
}
