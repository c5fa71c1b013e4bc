package org.bitwreckers.cms.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.bitwreckers.cms.core.db.DatabaseReach;
import org.bitwreckers.cms.core.db.DatabaseUnreachableException;

/**
 * While PostgreSQL is known to be away, every request but the health probes is answered 503 with Retry-After at once
 * (the error handler's answer to an outage), instead of waiting for a pooled connection that cannot be made.
 */
public final class DatabaseGate implements Filter {
    private static final String OBSERVERS = "/observe/";

    private final DatabaseReach reach;

    /**
     * @param reach what the LISTEN connection last saw
     */
    public DatabaseGate(DatabaseReach reach) {
        this.reach = reach;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!reach.reachable() && !req.prologue().uriPath().rawPath().startsWith(OBSERVERS)) {
            throw new DatabaseUnreachableException("the database connection is lost; waiting for it to come back", null);
        }
        chain.proceed();
    }
}
