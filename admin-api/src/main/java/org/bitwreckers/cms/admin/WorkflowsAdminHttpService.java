package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.workflow.WorkflowService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Review queues' state machines: the workflows in force, a document's state with the steps the caller may take and
 * its history, and transitions.
 */
final class WorkflowsAdminHttpService {
    private final ContentTypeRegistry registry;
    private final WorkflowService workflows;
    private final JsonBody body;

    WorkflowsAdminHttpService(ContentTypeRegistry registry, WorkflowService workflows, JsonBody body) {
        this.registry = registry;
        this.workflows = workflows;
        this.body = body;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/workflows", (req, res) -> ok(res, Status.OK_200, workflows.definitions(), "OK"))
                .needs(Permission.WORKFLOWS).doc("listWorkflows", "The workflows plugins declare")
                .returns(Schemas.arrayOf(Schemas.object()));
        t.get("/admin/v1/workflows/{type}/{id}", (req, res) -> ok(res, Status.OK_200,
                                                                 workflows.state(type(req), RequestParams.id(req, "id"),
                                                                                 actor(req)), "OK"))
                .needs(Permission.WORKFLOWS).doc("getWorkflowState", "A document's workflow state and the steps open to you")
                .returns(Schemas.ref("WorkflowState"));
        t.post("/admin/v1/workflows/{type}/{id}/transitions", this::transition).needs(Permission.WORKFLOWS)
                .doc("transitionWorkflow", "Take a step").body(Schemas.fields("*to", "note", "data:object"))
                .returns(Schemas.ref("WorkflowState")).errors(409, 422);
    }

    private void transition(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        String state = workflows.transition(type, id, body.read(req), actor(req));
        ok(res, Status.OK_200, state, "Moved");
    }

    private ContentType type(ServerRequest req) {
        String name = req.path().pathParameters().get("type");
        return registry.find(name).orElseThrow(() -> CmsException.notFound("No content type '" + name + "'"));
    }

    private static WorkflowService.Actor actor(ServerRequest req) {
        Principal p = AdminAuthentication.principal(req);
        return new WorkflowService.Actor(p.name(), p.role());
    }

    private static void ok(ServerResponse res, Status status, String json, String message) {
        Responses.json(res, status, Envelope.success(json, message));
    }
}
