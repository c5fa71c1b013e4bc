package org.bitwreckers.cms.core.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 * write's transaction.
 */
public final class PluginHooks implements WriteHooks {
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
        each(ctx, (plugin, hook) -> problems.putAll(PluginHost.guarded(plugin, "validate", () -> Objects
                .requireNonNullElse(hook.validate(write(ctx, JsonMaps.toMap(data))), Map.<String, String>of()))));
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
    }

    @Override
    public JsonObject beforeSave(DbTransaction tx, Context ctx, JsonObject data) {
        JsonObject[] result = {data};
        each(ctx, (plugin, hook) -> PluginHost.guarded(plugin, "beforeSave", () -> {
            Write write = write(ctx, new LinkedHashMap<>(JsonMaps.toMap(result[0])));
            hook.beforeSave(write, tx(plugin, tx));
            result[0] = JsonMaps.toJson(write.data());
            return null;
        }));
        return result[0];
    }

    @Override
    public void afterSave(DbTransaction tx, Context ctx, JsonObject data) {
        each(ctx, (plugin, hook) -> PluginHost.guarded(plugin, "afterSave", () -> {
            hook.afterSave(write(ctx, JsonMaps.toMap(data)), tx(plugin, tx));
            return null;
        }));
    }

    @Override
    public void onTransition(DbTransaction tx, Context ctx, String from, String to, String note, JsonObject data) {
        Transition transition = new Transition(ctx.type().name(), ctx.id().orElseThrow(), from, to, note, ctx.author(),
                                               JsonMaps.toMap(data), ctx.owner());
        each(ctx, (plugin, hook) -> PluginHost.guarded(plugin, "onTransition", () -> {
            hook.onTransition(transition, tx(plugin, tx));
            return null;
        }));
    }

    @Override
    public void afterDelete(DbTransaction tx, Context ctx, JsonObject data) {
        each(ctx, (plugin, hook) -> PluginHost.guarded(plugin, "afterDelete", () -> {
            hook.afterDelete(write(ctx, JsonMaps.toMap(data)), tx(plugin, tx));
            return null;
        }));
    }

    private void each(Context ctx, BiConsumer<LoadedPlugin, ContentHook> call) {
        for (LoadedPlugin plugin : host.running()) {
            for (ContentHook hook : plugin.hooks) {
                if (PluginHost.guarded(plugin, "handles", () -> hook.handles(ctx.type().name()))) {
                    call.accept(plugin, hook);
                }
            }
        }
    }

    private static Write write(Context ctx, Map<String, Object> data) {
        return new Write(ctx.type().name(), ctx.id(), ctx.action(), data, ctx.author(), ctx.owner());
    }

    private static PluginTx tx(LoadedPlugin plugin, DbTransaction tx) {
        BoundServices services = (BoundServices) plugin.services();
        return new PluginTx(services.core(), tx, services.author());
    }
}
