package org.bitwreckers.cms.admin;

import java.util.Map;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * The job queue for operators: list (e.g. {@code ?status=dead}), inspect the error, retry, discard, and retry every
 * dead job of a kind at once ({@code POST /retry?kind=mail.send}).
 */
final class JobsAdminHttpService {
    private final JobQueue jobs;

    JobsAdminHttpService(JobQueue jobs) {
        this.jobs = jobs;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/jobs", this::list).needs(Permission.JOBS).doc("listJobs", "Background jobs, filtered by state")
                .query("status", "string", "queued, running, done or dead")
                .query("page", "integer", "page number").query("pageSize", "integer", "jobs per page")
                .page(Schemas.ref("Job")).errors(400);
        t.post("/admin/v1/jobs/retry", this::retryDead).needs(Permission.JOBS)
                .doc("retryDeadJobs", "Queue every dead job again").query("kind", "string", "only dead jobs of this kind")
                .returns(Schemas.fields("requeued:integer")).errors(400);
        t.get("/admin/v1/jobs/{id}", (req, res) -> ok(res, jobs.get(RequestParams.id(req, "id")), "OK"))
                .needs(Permission.JOBS).doc("getJob", "One job").returns(Schemas.ref("Job"));
        t.delete("/admin/v1/jobs/{id}", (req, res) -> ok(res, jobs.discard(RequestParams.id(req, "id")), "Job discarded"))
                .needs(Permission.JOBS).doc("discardJob", "Discard a queued or dead job").returns(Schemas.ref("Job"))
                .errors(409);
        t.post("/admin/v1/jobs/{id}/retry", (req, res) -> ok(res, jobs.retry(RequestParams.id(req, "id")),
                                                              "Job queued again"))
                .needs(Permission.JOBS).doc("retryJob", "Queue a dead job again").returns(Schemas.ref("Job")).errors(409);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("status"));
        Page page = jobs.list(RequestParams.single(req, "status"), paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " jobs"));
    }

    private void retryDead(ServerRequest req, ServerResponse res) {
        RequestParams.query(req).keySet().stream().filter(name -> !name.equals("kind")).findFirst().ifPresent(name -> {
            throw CmsException.badRequest("Invalid query parameters", Map.of(name, "is not a parameter here (only kind)"));
        });
        long requeued = jobs.retryDead(RequestParams.single(req, "kind"));
        Responses.json(res, Status.OK_200, Envelope.success("{\"requeued\":" + requeued + "}",
                                                            requeued + " dead jobs queued again"));
    }

    private static void ok(ServerResponse res, String json, String message) {
        Responses.json(res, Status.OK_200, Envelope.success(json, message));
    }
}
