package org.bitwreckers.cms.server;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import org.bitwreckers.cms.core.db.DatabaseReach;

/**
 * The LISTEN connection as a readiness check: without it this node's cache is not invalidated by other nodes'
 * writes and waiting jobs are not woken, so it should not take traffic until the connection is back.
 */
final class ListenReadiness implements HealthCheck {
    private final DatabaseReach reach;

    ListenReadiness(DatabaseReach reach) {
        this.reach = reach;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "database-notifications";
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(reach.reachable())
                .detail("listen", reach.reachable() ? "connected" : "reconnecting").build();
    }
}
