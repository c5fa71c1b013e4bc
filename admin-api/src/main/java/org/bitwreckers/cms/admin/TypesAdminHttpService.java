package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeJson;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.Responses;

/**
 * The content types in force, as descriptors (what an editing UI builds its forms from).
 */
final class TypesAdminHttpService implements HttpService {
    private final ContentTypeRegistry registry;

    TypesAdminHttpService(ContentTypeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", ErrorHandling::methodNotAllowed)
                .get("/{type}", this::get)
                .any("/{type}", ErrorHandling::methodNotAllowed);
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
