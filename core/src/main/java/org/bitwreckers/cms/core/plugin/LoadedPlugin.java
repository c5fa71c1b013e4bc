package org.bitwreckers.cms.core.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.PluginServices;
import org.bitwreckers.cms.spi.ScheduledTask;
import org.bitwreckers.cms.spi.Workflow;

/**
 * One plugin jar: what PF4J loaded, what it contributes, and whether it failed (at start, or how often since).
 */
public final class LoadedPlugin {
    private final String id;
    private final String version;
    private final String description;
    private final Path path;
    final List<ContentHook> hooks = new ArrayList<>();
    final List<Workflow> workflows = new ArrayList<>();
    final List<PluginRoute> routes = new ArrayList<>();
    final List<ScheduledTask> tasks = new ArrayList<>();
    final List<ContentType> types = new ArrayList<>();
    final List<String> mailTemplates = new ArrayList<>();
    private volatile String failure;
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;
    private volatile PluginServices services;

    LoadedPlugin(String id, String version, String description, Path path) {
        this.id = id;
        this.version = version;
        this.description = description;
        this.path = path;
    }

    /** @return plugin id */
    public String id() {
        return id;
    }

    /** @return plugin version */
    public String version() {
        return version;
    }

    /** @return plugin description */
    public String description() {
        return description;
    }

    /** @return the jar it came from */
    public Path path() {
        return path;
    }

    /** @return why it is not running, if it failed at start */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return whether it runs */
    public boolean started() {
        return failure == null;
    }

    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    void recordError(String message) {
        errors.incrementAndGet();
        lastError = message;
    }

    /** @return failures since start (hooks, routes, tasks that threw) */
    public long errors() {
        return errors.get();
    }

    /** @return the latest of those failures */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** @return the services it was given at start */
    public PluginServices services() {
        return services;
    }

    void bind(PluginServices bound) {
        this.services = bound;
    }

    /** @return the content types it brings */
    public List<ContentType> types() {
        return List.copyOf(types);
    }

    /** @return its workflow definitions */
    public List<Workflow> workflows() {
        return List.copyOf(workflows);
    }

    /** @return its routes */
    public List<PluginRoute> routes() {
        return List.copyOf(routes);
    }

    /** @return its scheduled tasks */
    public List<ScheduledTask> tasks() {
        return List.copyOf(tasks);
    }

    /** @return its content hooks */
    public List<ContentHook> hooks() {
        return List.copyOf(hooks);
    }

    /** @return the mail templates it brings */
    public List<String> mailTemplates() {
        return List.copyOf(mailTemplates);
    }
}
