package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The first steps of an orderly shutdown: readiness reports down (load balancers stop sending), then the requests in
 * flight are waited for. Answers given meanwhile ask the client to close its connection, so a proxy that keeps
 * connections open opens its next one to another node. Health probes and notification streams are not counted:
 * probes are not client work, and a stream lasts until the listener closes it (the browser reconnects elsewhere with
 * Last-Event-ID).
 */
final class Drain implements Filter, HealthCheck {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /** Counted without a lock: this runs on every request; the lock is only taken while draining. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        boolean stream = path.endsWith("/stream") || req.headers().contains(HeaderNames.ACCEPT)
                && req.headers().get(HeaderNames.ACCEPT).values().contains("text/event-stream");
        if (stream || path.startsWith("/observe/")) {
            chain.proceed();
            return;
        }
        inFlight.incrementAndGet();
        if (draining) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        try {
            chain.proceed();
        } finally {
            if (inFlight.decrementAndGet() == 0 && draining) {
                signalIdle();
            }
        }
    }

    private void signalIdle() {
        lock.lock();
        try {
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reports not ready from now on and waits for the requests in flight.
     *
     * @param limit longest wait
     * @return whether every request finished in time
     */
    boolean drain(Duration limit) {
        draining = true;
        long left = limit.toNanos();
        lock.lock();
        try {
            while (inFlight.get() > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return inFlight.get() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "accepting-requests";
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(!draining).detail("in-flight", inFlight.get()).build();
    }
}
