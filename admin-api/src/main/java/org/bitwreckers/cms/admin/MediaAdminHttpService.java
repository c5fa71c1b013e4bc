package org.bitwreckers.cms.admin;

import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.Uploads;

/**
 * The media library for editors: upload (multipart), list and search, describe, see where an asset is used, delete.
 */
final class MediaAdminHttpService {
    private final MediaService media;
    private final JsonBody body;

    MediaAdminHttpService(MediaService media, JsonBody body) {
        this.media = media;
        this.body = body;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/media", this::list).needs(Permission.MEDIA).doc("listMedia", "The media library")
                .query("q", "string", "words in the name, alt text or caption").query("kind", "string", "image or video")
                .query("page", "integer", "page number").query("pageSize", "integer", "assets per page")
                .page(Schemas.ref("Asset")).errors(400);
        t.post("/admin/v1/media", this::upload).needs(Permission.MEDIA).doc("uploadMedia", "Upload a file")
                .upload(Schemas.upload("alt", "caption")).returns(201, Schemas.ref("Asset")).errors(422);
        t.get("/admin/v1/media/{id}", (req, res) -> ok(res, Status.OK_200, media.get(RequestParams.id(req, "id")), "OK"))
                .needs(Permission.MEDIA).doc("getMedia", "One asset").returns(Schemas.ref("Asset"));
        t.patch("/admin/v1/media/{id}", (req, res) -> ok(res, Status.OK_200, media.describe(RequestParams.id(req, "id"),
                                                                                        body.read(req)), "Asset updated"))
                .needs(Permission.MEDIA).doc("describeMedia", "Change an asset's alt text or caption")
                .body(Schemas.fields("alt", "caption")).returns(Schemas.ref("Asset")).errors(422);
        t.delete("/admin/v1/media/{id}", (req, res) -> {
                    media.delete(RequestParams.id(req, "id"));
                    res.status(Status.NO_CONTENT_204).send();
                })
                .needs(Permission.MEDIA).doc("deleteMedia", "Delete an asset nothing uses").noContent().errors(409);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        try (Uploads.Upload upload = Uploads.read(req, media.maxUploadBytes(), Set.of("alt", "caption"))) {
            MediaService.Upload stored = media.store(upload.file(), upload.filename(), upload.fields().getOrDefault("alt", ""),
                                                     upload.fields().getOrDefault("caption", ""),
                                                     AdminAuthentication.principal(req).name(), MediaService.allKinds());
            ok(res, stored.created() ? Status.CREATED_201 : Status.OK_200, stored.json(),
               stored.created() ? "Uploaded" : "This file is already in the library");
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("kind", "q"));
        Page page = media.list(RequestParams.single(req, "kind"), RequestParams.single(req, "q"), paging.page(),
                               paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " assets"));
    }

    private static void ok(ServerResponse res, Status status, String json, String message) {
        Responses.json(res, status, Envelope.success(json, message));
    }
}
