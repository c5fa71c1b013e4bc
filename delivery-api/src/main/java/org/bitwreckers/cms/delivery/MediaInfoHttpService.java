package org.bitwreckers.cms.delivery;

import java.util.List;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;

/**
 * What a media file is, for pages that show it: {@code GET /api/v1/media/{key}} answers its URL, size, alt text and
 * variants with a ready {@code srcset}, under the current media base.
 */
final class MediaInfoHttpService implements HttpService {
    private final MediaLinks links;
    private final DeliveryResponder responder;

    MediaInfoHttpService(MediaLinks links, DeliveryResponder responder) {
        this.links = links;
        this.responder = responder;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{key}", this::describe)
                .any("/{key}", ErrorHandling::methodNotAllowed);
    }

    private void describe(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        responder.respond(req, res, View.PUBLISHED, "media|" + key + "|" + responder.generations(List.of()),
                          () -> Envelope.success(links.describe(key).orElseThrow(
                                  () -> CmsException.notFound("No media file " + key)).toString(), "OK"));
    }
}
