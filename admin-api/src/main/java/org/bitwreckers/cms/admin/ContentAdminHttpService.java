package org.bitwreckers.cms.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.BulkImport;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.schedule.PublishingSchedule;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Editors' CRUD on documents of every type, with publish, unpublish, versions and rollback.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" http://localhost:8081/admin/v1/content/project?status=draft
 * curl -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
 *      -d '{"data":{"title":"Tracker","category":"web", ...}}' http://localhost:8081/admin/v1/content/project
 * curl -X POST -H "Authorization: Bearer $T" http://localhost:8081/admin/v1/content/project/12/publish
 * </pre>
 */
final class ContentAdminHttpService {
    /**
     * Body of a rollback.
     *
     * @param version the version to restore
     */
    public record RollbackRequest(Integer version) {
    }

    private static final Set<String> STATUSES = Set.of("draft", "published", "archived");
    private static final Duration MAX_SCHEDULE_WINDOW = Duration.ofDays(31);
    private static final int MAX_SCHEDULE_ENTRIES = 200;

    private final ContentTypeRegistry registry;
    private final DocumentReader reader;
    private final DocumentService documents;
    private final PublishingSchedule schedule;
    private final JsonBody body;
    private final BulkImport bulk;

    ContentAdminHttpService(ContentTypeRegistry registry, DocumentReader reader, DocumentService documents,
                            PublishingSchedule schedule, JsonBody body) {
        this.registry = registry;
        this.reader = reader;
        this.documents = documents;
        this.schedule = schedule;
        this.body = body;
        this.bulk = new BulkImport(documents);
    }

    /**
     * Body of a schedule change; a missing or null time clears it.
     *
     * @param publish_at   ISO-8601 time to publish the then-current draft
     * @param unpublish_at ISO-8601 time to withdraw the document
     */
    public record ScheduleRequest(String publish_at, String unpublish_at) {
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/schedule", this::upcoming).needs(Permission.CONTENT)
                .doc("listSchedule", "Scheduled publishes and withdrawals in a window (default: the next 24 hours),"
                        + " soonest first, at most 200").errors(400)
                .query("from", "string", "start, ISO-8601 with an offset (default now)")
                .query("to", "string", "end, exclusive; at most 31 days after from (default from + 24 hours)")
                .returns(Schemas.arrayOf(Schemas.ref("ScheduledAction")));
        String type = "/admin/v1/content/{type}";
        String one = type + "/{id}";
        t.get(type, this::list).needs(Permission.CONTENT).perType(x -> true)
                .doc("listDocuments", "Documents of a type, drafts and published").page(Schemas.typed()).errors(400)
                .query("filter", "object", "filter[field][op]=value").query("sort", "string", "fields, - for descending")
                .query("fields", "string", "fields to return").query("populate", "string", "relations to include")
                .query("page", "integer", "page number").query("pageSize", "integer", "documents per page")
                .query("cursor", "string", Paging.CURSOR_DOC)
                .query("status", "string", "draft, published or archived");
        t.post(type, this::create).needs(Permission.CONTENT).perType(x -> true)
                .doc("createDocument", "Create a draft").body(Schemas.typed("Write"))
                .returns(201, Schemas.typed()).errors(422);
        t.post(type + "/bulk", this::bulk).needs(Permission.CONTENT).perType(x -> true)
                .doc("importDocuments", "Create up to 1,000 documents at once, all or nothing (optionally published)")
                .body(Schemas.fields("*items:array", "publish:boolean"))
                .returns(201, Schemas.fields("count:integer", "ids:array")).errors(413, 422);
        t.get(one, this::get).needs(Permission.CONTENT).perType(x -> true)
                .doc("getDocument", "One document").returns(Schemas.typed());
        t.put(one, this::replace).needs(Permission.CONTENT).perType(x -> true)
                .doc("replaceDocument", "Replace the data").body(Schemas.typed("Write"))
                .returns(Schemas.typed()).errors(409, 422);
        t.patch(one, this::patch).needs(Permission.CONTENT).perType(x -> true)
                .doc("patchDocument", "Change some fields").body(Schemas.typed("Write"))
                .returns(Schemas.typed()).errors(409, 422);
        t.delete(one, this::delete).needs(Permission.CONTENT).perType(x -> true)
                .doc("deleteDocument", "Delete a document").noContent().errors(409);
        t.post(one + "/publish", this::publish).needs(Permission.CONTENT).perType(ContentType::publishable)
                .doc("publishDocument", "Publish the current draft").returns(Schemas.typed()).errors(409, 422);
        t.post(one + "/unpublish", this::unpublish).needs(Permission.CONTENT).perType(ContentType::publishable)
                .doc("unpublishDocument", "Withdraw from delivery").returns(Schemas.typed()).errors(409);
        t.get(one + "/versions", this::versions).needs(Permission.CONTENT).perType(x -> true)
                .doc("listVersions", "Version history").returns(Schemas.arrayOf(Schemas.ref("Version")));
        t.get(one + "/versions/{version}", this::version).needs(Permission.CONTENT).perType(x -> true)
                .doc("getVersion", "One version's data").returns(Schemas.ref("Version"));
        t.post(one + "/rollback", this::rollback).needs(Permission.CONTENT).perType(x -> true)
                .doc("rollbackDocument", "Restore a version as a new one").body(Schemas.fields("*version:integer"))
                .returns(Schemas.typed()).errors(409, 422);
        t.put(one + "/schedule", this::schedule).needs(Permission.CONTENT).perType(ContentType::publishable)
                .doc("scheduleDocument", "Publish or withdraw at a later time")
                .body(Schemas.fields("publish_at", "unpublish_at")).returns(Schemas.object()).errors(409, 422);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        Optional<String> status = RequestParams.single(req, "status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw CmsException.badRequest("Invalid query parameters", Map.of("status", "must be draft, published or archived"));
        }
        ListQuery query = QueryParser.parse(type, registry, View.ADMIN, RequestParams.query(req), Set.of("status"));
        Page page = reader.list(type, query, View.ADMIN, status);
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " " + type.name() + " documents"));
    }

    private void get(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        ListQuery query = QueryParser.parseItem(type, registry, View.ADMIN, RequestParams.query(req), Set.of());
        Responses.json(res, Status.OK_200, Envelope.success(reader.item(type, Long.toString(id), query, View.ADMIN), "OK"));
    }

    private void create(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        String doc = documents.create(type, body.read(req), AdminAuthentication.principal(req).name());
        Responses.json(res, Status.CREATED_201, Envelope.success(doc, "Created " + type.name()));
    }

    private void bulk(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        List<Long> ids = bulk.create(type, body.read(req), AdminAuthentication.principal(req).name());
        String data = "{\"count\":" + ids.size() + ",\"ids\":" + ids.toString().replace(" ", "") + "}";
        Responses.json(res, Status.CREATED_201, Envelope.success(data, "Created " + ids.size() + " " + type.name()
                + " documents"));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        String doc = documents.replace(type, id, body.read(req), AdminAuthentication.principal(req).name());
        Responses.json(res, Status.OK_200, Envelope.success(doc, "Saved"));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        String doc = documents.patch(type, id, body.read(req), AdminAuthentication.principal(req).name());
        Responses.json(res, Status.OK_200, Envelope.success(doc, "Saved"));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        documents.delete(type, id, AdminAuthentication.principal(req).name());
        Responses.json(res, Status.OK_200, Envelope.success("{\"id\":" + id + "}", "Deleted"));
    }

    private void publish(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        String doc = documents.publish(type, RequestParams.id(req, "id"), AdminAuthentication.principal(req).name());
        Responses.json(res, Status.OK_200, Envelope.success(doc, "Published"));
    }

    private void unpublish(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        String doc = documents.unpublish(type, RequestParams.id(req, "id"), AdminAuthentication.principal(req).name());
        Responses.json(res, Status.OK_200, Envelope.success(doc, "Unpublished"));
    }

    private void versions(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        List<String> versions = documents.versions(type, RequestParams.id(req, "id"));
        Responses.json(res, Status.OK_200, Envelope.success("[" + String.join(",", versions) + "]", "OK"));
    }

    private void version(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        String v = documents.version(type, RequestParams.id(req, "id"), versionNumber(req.path().pathParameters()
                                                                                              .get("version")));
        Responses.json(res, Status.OK_200, Envelope.success(v, "OK"));
    }

    private void rollback(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        Integer version = body.read(req, RollbackRequest.class).version();
        if (version == null || version < 1) {
            throw CmsException.validation(Map.of("version", "is required: the version number to restore"));
        }
        String doc = documents.rollback(type, id, version, AdminAuthentication.principal(req).name());
        Responses.json(res, Status.OK_200, Envelope.success(doc, "Rolled back to version " + version));
    }

    private void schedule(ServerRequest req, ServerResponse res) {
        ContentType type = type(req);
        long id = RequestParams.id(req, "id");
        ScheduleRequest request = body.read(req, ScheduleRequest.class);
        Map<String, String> problems = new LinkedHashMap<>();
        Optional<Instant> publishAt = instant(request.publish_at(), "publish_at", problems);
        Optional<Instant> unpublishAt = instant(request.unpublish_at(), "unpublish_at", problems);
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        String doc = schedule.schedule(type, id, publishAt, unpublishAt);
        Responses.json(res, Status.OK_200, Envelope.success(doc, "Schedule saved"));
    }

    private void upcoming(ServerRequest req, ServerResponse res) {
        Map<String, String> problems = new LinkedHashMap<>();
        Instant from = instant(RequestParams.single(req, "from").orElse(null), "from", problems).orElse(Instant.now());
        Optional<Instant> to = instant(RequestParams.single(req, "to").orElse(null), "to", problems);
        Instant end = to.orElse(from.plus(Duration.ofDays(1)));
        if (problems.isEmpty() && !end.isAfter(from)) {
            problems.put("to", "must be after from");
        } else if (problems.isEmpty() && end.isAfter(from.plus(MAX_SCHEDULE_WINDOW))) {
            problems.put("to", "must be at most 31 days after from");
        }
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid query parameters", problems);
        }
        List<String> entries = schedule.upcoming(from, end, MAX_SCHEDULE_ENTRIES);
        Responses.json(res, Status.OK_200, Envelope.success("[" + String.join(",", entries) + "]", "OK"));
    }

    private static Optional<Instant> instant(String text, String field, Map<String, String> problems) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            problems.put(field, "must be an ISO-8601 date and time with an offset, such as 2027-01-20T09:00:00Z");
            return Optional.empty();
        }
    }

    private ContentType type(ServerRequest req) {
        String name = req.path().pathParameters().get("type");
        return registry.find(name).orElseThrow(() -> CmsException.notFound("No content type '" + name + "'"));
    }

    private static int versionNumber(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw CmsException.notFound("No version '" + text + "'");
    }
}
