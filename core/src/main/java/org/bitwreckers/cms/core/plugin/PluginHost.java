package org.bitwreckers.cms.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.bitwreckers.cms.core.db.DatabaseOutage;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.spi.Refusal;
import org.bitwreckers.cms.spi.RouteHandler;
import org.bitwreckers.cms.spi.Workflow;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.mail.MailTemplates;
import org.bitwreckers.cms.core.workflow.WorkflowDefinitions;
import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.PluginContent;
import org.bitwreckers.cms.spi.RouteProvider;
import org.bitwreckers.cms.spi.Routes;
import org.bitwreckers.cms.spi.ScheduledTask;
import org.bitwreckers.cms.spi.WorkflowProvider;

/**
 * Loads plugin jars from PLUGINS_DIR with PF4J and admits each one only if everything it brings fits: descriptors
 * parse and join the registry, workflows match their types, routes do not collide, templates render. A plugin that
 * fails any of this is reported with its id and reason and left out; the platform starts without it, unless
 * PLUGINS_FAIL_FAST is set.
 */
public final class PluginHost implements AutoCloseable {
    /** The platform version plugins declare in {@code Plugin-Requires}. */
    public static final String PLATFORM_VERSION = "0.1.0";
    private static final Logger LOG = Logger.getLogger(PluginHost.class.getName());
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,59}");
    private static final Pattern TASK = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

    private final PluginManager manager;
    private final Settings.Plugins settings;
    private final List<LoadedPlugin> plugins;

    private PluginHost(PluginManager manager, Settings.Plugins settings, List<LoadedPlugin> plugins) {
        this.manager = manager;
        this.settings = settings;
        this.plugins = plugins;
    }

    /**
     * Loads and starts every jar in the plugins folder and collects what each contributes.
     *
     * @param settings plugin settings
     * @return the host; {@link #admit} decides which plugins run
     */
    public static PluginHost load(Settings.Plugins settings) {
        if (settings.dir().isEmpty() || !Files.isDirectory(settings.dir().get())) {
            settings.dir().ifPresent(d -> LOG.info("No plugins: " + d + " is not a folder"));
            return new PluginHost(null, settings, List.of());
        }
        Path dir = settings.dir().get();
        DefaultPluginManager manager = new DefaultPluginManager(dir);
        manager.setSystemVersion(PLATFORM_VERSION);
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> list = Files.list(dir)) {
            jars = list.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginStartException("PLUGINS_DIR " + dir + " cannot be listed: " + e.getMessage());
        }
        for (Path jar : jars) {
            try {
                manager.loadPlugin(jar);
            } catch (RuntimeException e) {
                LoadedPlugin broken = new LoadedPlugin(jar.getFileName().toString(), "", "", jar);
                broken.fail("cannot be loaded: " + reason(e));
                loaded.add(broken);
            }
        }
        manager.startPlugins();
        for (PluginWrapper wrapper : manager.getPlugins()) {
            LoadedPlugin plugin = new LoadedPlugin(wrapper.getPluginId(), wrapper.getDescriptor().getVersion(),
                                                   Optional.ofNullable(wrapper.getDescriptor().getPluginDescription())
                                                           .orElse(""), wrapper.getPluginPath());
            loaded.add(plugin);
            if (wrapper.getPluginState() == PluginState.DISABLED) {
                plugin.fail("disabled by the operator (disabled.txt in PLUGINS_DIR)");
            } else if (wrapper.getPluginState() != PluginState.STARTED) {
                plugin.fail("did not start: " + Optional.ofNullable(wrapper.getFailedException()).map(PluginHost::reason)
                        .orElse("state " + wrapper.getPluginState()));
            } else if (!ID.matcher(plugin.id()).matches()) {
                plugin.fail("plugin id must be lower-case letters, digits and '-' (got '" + plugin.id() + "')");
            } else {
                collect(manager, wrapper, plugin);
            }
        }
        loaded.sort(Comparator.comparing(LoadedPlugin::id));
        return new PluginHost(manager, settings, loaded);
    }

    /** Instantiates the plugin's extensions and reads what it brings; any exception fails the plugin. */
    private static void collect(PluginManager manager, PluginWrapper wrapper, LoadedPlugin plugin) {
        String id = plugin.id();
        try {
            plugin.hooks.addAll(manager.getExtensions(ContentHook.class, id));
            for (WorkflowProvider provider : manager.getExtensions(WorkflowProvider.class, id)) {
                plugin.workflows.addAll(provider.workflows());
            }
            for (RouteProvider provider : manager.getExtensions(RouteProvider.class, id)) {
                provider.routes(new Routes() {
                    @Override
                    public void delivery(Method method, String path, RouteHandler handler) {
                        plugin.routes.add(new PluginRoute(plugin, method, path, Optional.empty(), handler));
                    }

                    @Override
                    public void admin(Method method, String path, Set<String> roles,
                                      RouteHandler handler) {
                        plugin.routes.add(new PluginRoute(plugin, method, path, Optional.of(Set.copyOf(roles)), handler));
                    }
                });
            }
            plugin.tasks.addAll(manager.getExtensions(ScheduledTask.class, id));
            ClassLoader loader = wrapper.getPluginClassLoader();
            for (PluginContent content : manager.getExtensions(PluginContent.class, id)) {
                for (String resource : content.descriptors()) {
                    plugin.types.add(DescriptorParser.parse(json(loader, resource), "plugin " + id + ": " + resource));
                }
                for (String template : content.mailTemplates()) {
                    if (loader.getResource("mail/" + template + ".txt") == null) {
                        throw new IllegalStateException("mail template " + template + ": no mail/" + template
                                                                + ".txt in the jar");
                    }
                    new MailTemplates(Optional.empty(), List.of(loader)).render(template, Map.of());
                    plugin.mailTemplates.add(template);
                }
            }
        } catch (DescriptorException e) {
            plugin.fail(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            plugin.fail("failed while loading its extensions: " + reason(e));
        }
    }

    private static JsonObject json(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DescriptorException(resource, null, "is not in the plugin jar");
            }
            try (JsonReader reader = Jsons.createReader(new StringReader(new String(in.readAllBytes(),
                                                                                  StandardCharsets.UTF_8)))) {
                return reader.readObject();
            }
        } catch (IOException | JsonException e) {
            throw new DescriptorException(resource, null, "is not a JSON object: " + e.getMessage());
        }
    }

    /**
     * Admits plugins one by one: each one's types, workflows and routes are checked against the platform and the
     * plugins admitted before it. Plugins that do not fit are stopped and reported.
     *
     * @param base             the site's content types
     * @param siteRoutes       the declared site routes ("METHOD /path")
     * @param roles            the site's roles (workflow steps and admin routes name them)
     * @return the registry with the admitted plugins' types
     * @throws PluginStartException when a plugin failed and PLUGINS_FAIL_FAST is set
     */
    public ContentTypeRegistry admit(ContentTypeRegistry base, Collection<String> siteRoutes, RoleTable roles) {
        List<ContentType> types = new ArrayList<>(base.all());
        ContentTypeRegistry registry = base;
        Set<String> workflowTypes = new HashSet<>();
        Set<String> routeShapes = new HashSet<>(siteRoutes);
        for (LoadedPlugin plugin : plugins) {
            if (!plugin.started()) {
                continue;
            }
            try {
                List<ContentType> candidate = new ArrayList<>(types);
                candidate.addAll(plugin.types);
                ContentTypeRegistry next = ContentTypeRegistry.of(candidate);
                for (Workflow w : plugin.workflows) {
                    WorkflowDefinitions.check(w, next, roles).ifPresent(problem -> {
                        throw new IllegalStateException(problem);
                    });
                    if (workflowTypes.contains(w.type()) || plugin.workflows.stream().filter(o -> o.type().equals(w.type()))
                            .count() > 1) {
                        throw new IllegalStateException("workflow for " + w.type() + " is already defined by another plugin");
                    }
                }
                Set<String> shapes = new HashSet<>();
                for (PluginRoute route : plugin.routes) {
                    checkRoute(route, roles);
                    String shape = route.method() + " " + route.shape();
                    if (routeShapes.contains(shape) || !shapes.add(shape)) {
                        throw new IllegalStateException("route " + route + " is already taken");
                    }
                }
                Set<String> tasks = new HashSet<>();
                for (ScheduledTask task : plugin.tasks) {
                    if (!TASK.matcher(task.name()).matches() || !tasks.add(task.name())) {
                        throw new IllegalStateException("scheduled task name '" + task.name()
                                                                + "' must be unique and use [a-z0-9-]");
                    }
                    if (task.interval(new EnvPluginConfig(plugin.id(), settings.values())).toSeconds() < 1) {
                        throw new IllegalStateException("scheduled task " + task.name() + " must run at most once a second");
                    }
                }
                types = candidate;
                registry = next;
                plugin.workflows.forEach(w -> workflowTypes.add(w.type()));
                routeShapes.addAll(shapes);
            } catch (DescriptorException | IllegalStateException | IllegalArgumentException e) {
                plugin.fail(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                plugin.fail("failed while being checked: " + reason(e));
            }
        }
        List<String> failures = new ArrayList<>();
        for (LoadedPlugin plugin : plugins) {
            if (plugin.failure().isPresent()) {
                String line = "plugin " + plugin.id() + " " + plugin.failure().get();
                failures.add(line);
                LOG.severe(line + " (the platform runs without it)");
                if (manager != null && manager.getPlugin(plugin.id()) != null
                        && manager.getPlugin(plugin.id()).getPluginState() == PluginState.STARTED) {
                    manager.stopPlugin(plugin.id());
                }
            } else {
                LOG.info("Plugin " + plugin.id() + " " + plugin.version() + " started");
            }
        }
        if (!failures.isEmpty() && settings.failFast()) {
            throw new PluginStartException(String.join("; ", failures) + " (PLUGINS_FAIL_FAST is set)");
        }
        return registry;
    }

    private static void checkRoute(PluginRoute route, RoleTable roles) {
        String path = route.path();
        if (!path.matches("(/[A-Za-z0-9._~{}-]+)+")) {
            throw new IllegalStateException("route path '" + path + "' is not a plain path");
        }
        String prefix = route.admin() ? "/admin/v1/" : "/api/v1/";
        if (!path.startsWith(prefix)) {
            throw new IllegalStateException("route " + route + " must start with " + prefix);
        }
        if (path.substring(prefix.length()).startsWith("{")) {
            throw new IllegalStateException("route " + route + " must start with a fixed segment after " + prefix);
        }
        route.roles().ifPresent(named -> named.forEach(role -> {
            if (!roles.exists(role)) {
                throw new IllegalStateException("route " + route + " names unknown role '" + role + "'");
            }
        }));
    }

    /**
     * Gives every running plugin its services. Call once the core services exist.
     *
     * @param core core services
     */
    public void bind(CoreServices core) {
        for (LoadedPlugin plugin : running()) {
            plugin.bind(new BoundServices(core, plugin.id(), new EnvPluginConfig(plugin.id(), settings.values())));
        }
    }

    /** @return every plugin found, running or failed, by id */
    public List<LoadedPlugin> all() {
        return List.copyOf(plugins);
    }

    /** @return the plugins that run */
    public List<LoadedPlugin> running() {
        return plugins.stream().filter(LoadedPlugin::started).toList();
    }

    /** @return class loaders of the running plugins that bring mail templates */
    public List<ClassLoader> templateLoaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        for (LoadedPlugin plugin : running()) {
            if (!plugin.mailTemplates.isEmpty()) {
                loaders.add(manager.getPlugin(plugin.id()).getPluginClassLoader());
            }
        }
        return loaders;
    }

    /** @return the routes of running plugins */
    public List<PluginRoute> routes() {
        return running().stream().flatMap(p -> p.routes.stream()).toList();
    }

    /**
     * @param id plugin id
     * @return the plugin
     */
    public Optional<LoadedPlugin> find(String id) {
        return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** @return settings for one plugin */
    EnvPluginConfig config(String pluginId) {
        return new EnvPluginConfig(pluginId, settings.values());
    }

    /** @return what each plugin is and brings, for the admin API */
    public List<Map<String, Object>> report() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LoadedPlugin p : plugins) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("version", p.version());
            m.put("description", p.description());
            m.put("state", p.started() ? "started" : "failed");
            m.put("failure", p.failure().orElse(null));
            m.put("jar", p.path().getFileName().toString());
            Map<String, Object> contributes = new LinkedHashMap<>();
            contributes.put("types", p.types.stream().map(ContentType::name).toList());
            contributes.put("workflows", p.workflows.stream().map(Workflow::type).toList());
            contributes.put("routes", p.routes.stream().map(PluginRoute::toString).toList());
            contributes.put("hooks", p.hooks.stream().map(h -> h.getClass().getSimpleName()).toList());
            contributes.put("tasks", p.tasks.stream().map(ScheduledTask::name).toList());
            contributes.put("mailTemplates", List.copyOf(p.mailTemplates));
            m.put("contributes", contributes);
            m.put("errors", p.errors());
            m.put("lastError", p.lastError().orElse(null));
            list.add(m);
        }
        return list;
    }

    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    /**
     * Runs plugin code, turning what it throws into answers: a {@link org.bitwreckers.cms.spi.Refusal} or a platform
     * error passes as is, and so does a database outage (answered 503); anything else is counted against the plugin, logged with its id, and answered as a 500 that
     * names the plugin but not the details.
     *
     * @param plugin the plugin
     * @param what   what it was doing (for the log)
     * @param work   the call
     * @param <T>    result type
     * @return the call's result
     */
    public static <T> T guarded(LoadedPlugin plugin, String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (Refusal refusal) {
            throw Refusals.toCms(refusal);
        } catch (CmsException e) {
            throw e;
        } catch (RuntimeException e) {
            if (DatabaseOutage.causedIt(e)) {
                throw e; // the database is away or busy, not the plugin at fault: the caller gets a 503 to retry
            }
            throw failed(plugin, what, e);
        } catch (LinkageError e) {
            throw failed(plugin, what, e);
        }
    }

    /**
     * Counts and logs a plugin failure.
     *
     * @param plugin the plugin
     * @param what   what it was doing
     * @param e      what it threw
     * @return the 500 to answer (naming the plugin, not the details)
     */
    public static CmsException failed(LoadedPlugin plugin, String what, Throwable e) {
        plugin.recordError(what + ": " + reason(e));
        LOG.log(Level.SEVERE, "plugin " + plugin.id() + " failed in " + what, e);
        return new CmsException(
                ErrorCode.INTERNAL_ERROR,
                "The plugin " + plugin.id() + " failed while handling this request", Map.of());
    }

    @Override
    public void close() {
        if (manager == null) {
            return;
        }
        // one by one over a copy: PF4J's stopPlugins() trips over its own list when several plugins run
        List<String> ids = new ArrayList<>(manager.getPlugins().stream().map(PluginWrapper::getPluginId).toList());
        Collections.reverse(ids);
        for (String id : ids) {
            try {
                manager.unloadPlugin(id); // stops it first, then closes its class loader and jar
            } catch (RuntimeException e) {
                LOG.warning("plugin " + id + " did not unload cleanly: " + reason(e));
            }
        }
    }
}
