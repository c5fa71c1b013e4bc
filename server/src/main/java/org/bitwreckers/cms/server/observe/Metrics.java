package org.bitwreckers.cms.server.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The node's meters, in Prometheus' text format. Names are Micrometer's ({@code jvm_*}, {@code process_*},
 * {@code http_server_requests_seconds_*}, {@code hikaricp_*}, {@code cache_*}), so the Grafana dashboards made for
 * Spring Boot and Micrometer read them as they are; the platform's own start with {@code bitwreckers_}.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Figures read at scrape time (from the database), refreshed before each scrape. */
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    /** A registry with the JVM's and the process' meters bound. */
    public Metrics() {
        registry.config().commonTags("application", "bitwreckers");
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof AsyncLineHandler lines) {
                FunctionCounter.builder("bitwreckers.log.lines.dropped", lines, AsyncLineHandler::dropped)
                        .description("Log lines below WARNING dropped because the log writer could not keep up")
                        .register(registry);
            }
        }
    }

    /** @return the registry meters are added to */
    public MeterRegistry registry() {
        return registry;
    }

    /** @param refresh what brings scrape-time figures up to date; run before every scrape */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** @return every meter in Prometheus' text exposition format (version 0.0.4) */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
