package org.bitwreckers.cms.server;

import java.time.Duration;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.health.DbClientHealthCheck;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import org.bitwreckers.cms.core.db.DatabaseReach;

/**
 * The database check as a readiness check: with PostgreSQL down a node should leave the load balancer's rotation,
 * not be restarted (Helidon's database check reports as liveness by default).
 */
final class DatabaseReadiness implements HealthCheck {
    private final HealthCheck delegate;
    private final DatabaseReach reach;

    DatabaseReadiness(DbClient db, DatabaseReach reach) {
        this.reach = reach;
        this.delegate = DbClientHealthCheck.builder(db)
                .name("database")
                .query()
                .statement("SELECT 1")
                .timeout(Duration.ofSeconds(3))
                .build();
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public HealthCheckResponse call() {
        if (!reach.reachable()) { // known lost: no need to wait for the pool to say so
            return HealthCheckResponse.builder().status(HealthCheckResponse.Status.DOWN)
                    .detail("database", "connection lost").build();
        }
        return delegate.call();
    }
}
