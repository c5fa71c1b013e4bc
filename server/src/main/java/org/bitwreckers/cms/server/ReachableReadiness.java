package org.bitwreckers.cms.server;

import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** A service the node needs to serve (media storage, the search engine) as a readiness check, asked at each probe. */
final class ReachableReadiness implements HealthCheck {
    private final String name;
    private final Supplier<Optional<String>> problem;

    /**
     * @param name    the check's name
     * @param problem why the service cannot be used now, or empty
     */
    ReachableReadiness(String name, Supplier<Optional<String>> problem) {
        this.name = name;
        this.problem = problem;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> why = problem.get();
        return HealthCheckResponse.builder().status(why.isEmpty()).detail("problem", why.orElse("none")).build();
    }
}
