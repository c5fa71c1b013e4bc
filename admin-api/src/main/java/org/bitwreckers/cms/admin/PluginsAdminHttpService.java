package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.plugin.JsonMaps;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginTasks;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.Responses;

/**
 * Plugins for operators: which were found, which run, why the others do not, what each contributes; and running a
 * plugin's scheduled task now.
 */
final class PluginsAdminHttpService implements HttpService {
    private final PluginHost host;
    private final PluginTasks tasks;

    PluginsAdminHttpService(PluginHost host, PluginTasks tasks) {
        this.host = host;
        this.tasks = tasks;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> ok(res, JsonMaps.toJsonValue(host.report()).toString(),
                                        host.running().size() + " of " + host.all().size() + " plugins running"))
                .any("/", ErrorHandling::methodNotAllowed)
                .get("/{id}", this::one)
                .any("/{id}", ErrorHandling::methodNotAllowed)
                .post("/{id}/tasks/{task}/run", this::run)
                .any("/{id}/tasks/{task}/run", ErrorHandling::methodNotAllowed);
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
