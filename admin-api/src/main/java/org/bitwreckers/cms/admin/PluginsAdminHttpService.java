package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.plugin.JsonMaps;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginTasks;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Responses;

/**
 * Plugins for operators: which were found, which run, why the others do not, what each contributes; and running a
 * plugin's scheduled task now.
 */
final class PluginsAdminHttpService {
    private final PluginHost host;
    private final PluginTasks tasks;

    PluginsAdminHttpService(PluginHost host, PluginTasks tasks) {
        this.host = host;
        this.tasks = tasks;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/plugins", (req, res) -> ok(res, JsonMaps.toJsonValue(host.report()).toString(),
                                                    host.running().size() + " of " + host.all().size() + " plugins running"))
                .needs(Permission.PLUGINS).doc("listPlugins", "Every plugin found, running or failed, and what it brings")
                .returns(Schemas.arrayOf(Schemas.ref("Plugin")));
        t.get("/admin/v1/plugins/{id}", this::one).needs(Permission.PLUGINS).doc("getPlugin", "One plugin")
                .returns(Schemas.ref("Plugin"));
        t.post("/admin/v1/plugins/{id}/tasks/{task}/run", this::run).needs(Permission.PLUGINS)
                .doc("runPluginTask", "Run a plugin's scheduled task now").returns(202, Schemas.fields("job:integer"));
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        var report = host.report().stream().filter(p -> p.get("id").equals(id)).findFirst()
                .orElseThrow(() -> CmsException.notFound("No plugin " + id));
        ok(res, JsonMaps.toJsonValue(report).toString(), "OK");
    }

    private void run(ServerRequest req, ServerResponse res) {
        long job = tasks.runNow(req.path().pathParameters().get("id"), req.path().pathParameters().get("task"));
        Responses.json(res, Status.ACCEPTED_202, Envelope.success("{\"job\":" + job + "}", "Task queued"));
    }

    private static void ok(ServerResponse res, String json, String message) {
        Responses.json(res, Status.OK_200, Envelope.success(json, message));
    }
}
