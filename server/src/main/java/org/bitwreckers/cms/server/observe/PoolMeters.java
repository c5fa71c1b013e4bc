package org.bitwreckers.cms.server.observe;

import java.util.Map;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.helidon.dbclient.DbClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.db.Database;

/**
 * Hikari's own Micrometer meters ({@code hikaricp_connections_*}) for the platform's pools. Helidon builds the pool
 * from settings given as text, so Hikari makes this factory by its class name, on the thread that opens the pool;
 * {@link #connect} hands it the registry there.
 */
public final class PoolMeters implements MetricsTrackerFactory {
    private static final ThreadLocal<MeterRegistry> OPENING = new ThreadLocal<>();

    private final MetricsTrackerFactory delegate;

    /** Made by Hikari while {@link #connect} opens the pool. */
    public PoolMeters() {
        MeterRegistry registry = OPENING.get();
        this.delegate = new MicrometerMetricsTrackerFactory(registry != null ? registry : new SimpleMeterRegistry());
    }

    /**
     * Opens the pool with its meters in a registry.
     *
     * @param url      DATABASE_URL
     * @param sessions what the pool's sessions may do (its meters are tagged with its name)
     * @param poolSize largest number of connections
     * @param registry where the pool's meters go
     * @return the client
     */
    public static DbClient connect(DatabaseUrl url, Database.Sessions sessions, int poolSize, MeterRegistry registry) {
        OPENING.set(registry);
        try {
            return Database.connect(url, sessions, poolSize,
                                    Map.of("metricsTrackerFactory", PoolMeters.class.getName()));
        } finally {
            OPENING.remove();
        }
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        return delegate.create(poolName, poolStats);
    }
}
