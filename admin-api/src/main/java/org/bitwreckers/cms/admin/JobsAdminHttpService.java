package org.bitwreckers.cms.admin;

import java.util.Map;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * The job queue for operators: list (e.g. {@code ?status=dead}), inspect the error, retry, discard, and retry every
 * dead job of a kind at once ({@code POST /retry?kind=mail.send}).
 */
final class JobsAdminHttpService implements HttpService {
    private final JobQueue jobs;

    JobsAdminHttpService(JobQueue jobs) {
        this.jobs = jobs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", ErrorHandling::methodNotAllowed)
                .post("/retry", this::retryDead)
                .any("/retry", ErrorHandling::methodNotAllowed)
                .get("/{id}", (req, res) -> ok(res, jobs.get(RequestParams.id(req, "id")), "OK"))
                .delete("/{id}", (req, res) -> ok(res, jobs.discard(RequestParams.id(req, "id")), "Job discarded"))
                .any("/{id}", ErrorHandling::methodNotAllowed)
                .post("/{id}/retry", (req, res) -> ok(res, jobs.retry(RequestParams.id(req, "id")), "Job queued again"))
                .any("/{id}/retry", ErrorHandling::methodNotAllowed);
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
