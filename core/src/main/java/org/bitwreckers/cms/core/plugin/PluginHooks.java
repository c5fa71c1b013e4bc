package org.bitwreckers.cms.core.plugin;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.document.WriteHooks;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.Transition;
import org.bitwreckers.cms.spi.Write;

/**
 * Runs the running plugins' {@link ContentHook}s on every write and transition, in plugin id order, inside the
 * write's transaction. A hook is called only for the methods its class overrides: the interface's own do nothing, and
 * calling them cost turning the data into maps and back (the example plugin's title check, which handles every type,
 * made each write convert its data three times).
 */
public final class PluginHooks implements WriteHooks {
    /** The names of the {@link ContentHook} methods a hook class overrides. */
    private static final ClassValue<Set<String>> OVERRIDDEN = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> names = new HashSet<>();
            for (Method method : ContentHook.class.getMethods()) {
                try {
                    if (method.isDefault() && type.getMethod(method.getName(), method.getParameterTypes())
                            .getDeclaringClass() != ContentHook.class) {
                        names.add(method.getName());
                    }
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException("a hook class has every method of its interface", e);
                }
            }
            return Set.copyOf(names);
        }
    };

    private final PluginHost host;

    /**
     * @param host the plugin host (bound to the core services)
     */
    public PluginHooks(PluginHost host) {
        this.host = host;
    }

    @Override
    public void validate(Context ctx, JsonObject data) {
        if (ctx.author().startsWith("plugin:")) {
            return; // facts a plugin maintains (counts, scores) are checked by the descriptor, not by other plugins
        }
        Map<String, String> problems = new LinkedHashMap<>();
        each(ctx, "validate", (plugin, hook) -> problems.putAll(Objects.requireNonNullElse(
                hook.validate(write(ctx, JsonMaps.toMap(data))), Map.<String, String>of())));
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
    }

    @Override
    public JsonObject beforeSave(DbTransaction tx, Context ctx, JsonObject data) {
        JsonObject[] result = {data};
        each(ctx, "beforeSave", (plugin, hook) -> {
            Write write = write(ctx, new LinkedHashMap<>(JsonMaps.toMap(result[0])));
            hook.beforeSave(write, tx(plugin, tx));
            result[0] = JsonMaps.toJson(write.data());
        });
        return result[0];
    }

    @Override
    public void afterSave(DbTransaction tx, Context ctx, JsonObject data) {
        each(ctx, "afterSave", (plugin, hook) -> hook.afterSave(write(ctx, JsonMaps.toMap(data)), tx(plugin, tx)));
    }

    @Override
    public void onTransition(DbTransaction tx, Context ctx, String from, String to, String note, JsonObject data) {
        Transition transition = new Transition(ctx.type().name(), ctx.id().orElseThrow(), from, to, note, ctx.author(),
                                               JsonMaps.toMap(data), ctx.owner());
        each(ctx, "onTransition", (plugin, hook) -> hook.onTransition(transition, tx(plugin, tx)));
    }

    @Override
    public void afterDelete(DbTransaction tx, Context ctx, JsonObject data) {
        each(ctx, "afterDelete", (plugin, hook) -> hook.afterDelete(write(ctx, JsonMaps.toMap(data)), tx(plugin, tx)));
    }

    /** Calls the hooks that override the method and handle the type, each guarded under the method's name. */
    private void each(Context ctx, String method, BiConsumer<LoadedPlugin, ContentHook> call) {
        for (LoadedPlugin plugin : host.running()) {
            for (ContentHook hook : plugin.hooks) {
                if (overrides(hook, method)
                        && PluginHost.guarded(plugin, "handles", () -> hook.handles(ctx.type().name()))) {
                    PluginHost.guarded(plugin, method, () -> {
                        call.accept(plugin, hook);
                        return null;
                    });
                }
            }
        }
    }

    /**
     * @param hook   a plugin's hook
     * @param method the name of a {@link ContentHook} method with a default
     * @return whether the hook's class (or a class it extends) overrides it
     */
    static boolean overrides(ContentHook hook, String method) {
        return OVERRIDDEN.get(hook.getClass()).contains(method);
    }

    private static Write write(Context ctx, Map<String, Object> data) {
        return new Write(ctx.type().name(), ctx.id(), ctx.action(), data, ctx.author(), ctx.owner());
    }

    private static PluginTx tx(LoadedPlugin plugin, DbTransaction tx) {
        BoundServices services = (BoundServices) plugin.services();
        return new PluginTx(services.core(), tx, services.author());
    }
}
