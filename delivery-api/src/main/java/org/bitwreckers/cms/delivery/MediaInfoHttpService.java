package org.bitwreckers.cms.delivery;

import java.util.List;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.http.Envelope;

/**
 * What a media file is, for pages that show it: {@code GET /api/v1/media/{key}} answers its URL, size, alt text and
 * variants with a ready {@code srcset}, under the current media base.
 */
final class MediaInfoHttpService {
    private final MediaLinks links;
    private final DeliveryResponder responder;

    MediaInfoHttpService(MediaLinks links, DeliveryResponder responder) {
        this.links = links;
        this.responder = responder;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/api/v1/media/{key}", this::describe).doc("describeMediaFile",
                "A media file's URL, size, alt text and variants (with a srcset)").returns(Schemas.ref("Media")).errors(304);
    }

    private void describe(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        responder.respond(req, res, View.PUBLISHED, "media|" + key, responder.generations(List.of()),
                          () -> Envelope.success(links.describe(key).orElseThrow(
                                  () -> CmsException.notFound("No media file " + key)).toString(), "OK"));
    }
}
