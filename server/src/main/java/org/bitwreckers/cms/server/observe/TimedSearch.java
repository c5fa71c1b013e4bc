package org.bitwreckers.cms.server.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.bitwreckers.cms.core.search.RebuildProgress;
import org.bitwreckers.cms.core.search.SearchEngine;

/**
 * The search engine, timed: {@code bitwreckers_search_seconds} by operation (search, index, rebuild) and outcome
 * (success, error), whichever engine runs behind it.
 */
public final class TimedSearch implements SearchEngine {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(10), Duration.ofSeconds(60)};

    private final SearchEngine engine;
    private final MeterRegistry registry;

    /**
     * @param engine   the engine
     * @param registry where its timings go
     */
    public TimedSearch(SearchEngine engine, MeterRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    private <T> T timed(String operation, Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        } finally {
            Timer.builder("bitwreckers.search").description("Search engine calls, by operation and outcome")
                    .tags("operation", operation, "outcome", outcome).serviceLevelObjectives(BUCKETS)
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String search(Query query) {
        return timed("search", () -> engine.search(query));
    }

    @Override
    public void reindex(String type, long id) {
        timed("index", () -> {
            engine.reindex(type, id);
            return null;
        });
    }

    @Override
    public void reindex(String type, List<Long> ids) {
        timed("index", () -> {
            engine.reindex(type, ids);
            return null;
        });
    }

    @Override
    public void rebuild(RebuildProgress progress) {
        timed("rebuild", () -> {
            engine.rebuild(progress);
            return null;
        });
    }

    @Override
    public boolean prepare() {
        return engine.prepare();
    }

    @Override
    public boolean seesItsWritesAtOnce() {
        return engine.seesItsWritesAtOnce();
    }

    @Override
    public void whenReachableAgain(Consumer<Instant> action) {
        engine.whenReachableAgain(action);
    }

    @Override
    public Optional<String> problem() {
        return engine.problem();
    }

    @Override
    public void close() {
        engine.close();
    }
}
