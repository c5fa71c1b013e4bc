package org.bitwreckers.cms.server;

import java.time.Duration;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.health.DbClientHealthCheck;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The database check as a readiness check: with PostgreSQL down a node should leave the load balancer's rotation,
 * not be restarted (Helidon's database check reports as liveness by default).
 */
final class DatabaseReadiness implements HealthCheck {
    private final HealthCheck delegate;

    DatabaseReadiness(DbClient db) {
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
        return delegate.call();
    }
}
