package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeJson;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Responses;

/**
 * The content types in force, as descriptors (what an editing UI builds its forms from).
 */
final class TypesAdminHttpService {
    private final ContentTypeRegistry registry;

    TypesAdminHttpService(ContentTypeRegistry registry) {
        this.registry = registry;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/types", this::list).needs(Permission.CONTENT).doc("listTypes", "The loaded content types")
                .returns(Schemas.arrayOf(Schemas.ref("TypeDescriptor")));
        t.get("/admin/v1/types/{type}", this::get).needs(Permission.CONTENT).doc("getType", "One content type's descriptor")
                .returns(Schemas.ref("TypeDescriptor"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder all = Jsons.createArrayBuilder();
        registry.all().forEach(t -> all.add(ContentTypeJson.of(t)));
        Responses.json(res, Status.OK_200, Envelope.success(all.build().toString(), "OK"));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("type");
        ContentType type = registry.find(name).orElseThrow(() -> CmsException.notFound("No content type '" + name + "'"));
        Responses.json(res, Status.OK_200, Envelope.success(ContentTypeJson.of(type).toString(), "OK"));
    }
}
