package org.bitwreckers.cms.delivery;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.query.Populate;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.http.BearerToken;
import org.bitwreckers.cms.http.EnvelopeBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * How every delivery read answers: from the response cache when it can (keyed by route and normalised parameters,
 * kept for the generations of the types read), with a strong ETag and 304s; previews bypass the cache and are
 * private. The cache keeps each envelope without its timestamp (and its compressed forms): the ETag hashes only what
 * the answer says, and every answer is stamped with the time it is sent.
 */
final class DeliveryResponder {
    private static final String PUBLIC_CACHE = "public, max-age=0, must-revalidate";
    private static final String PRIVATE_CACHE = "private, no-store";

    private final ResponseCache cache;
    private final ContentChanges changes;
    private final ApiTokenService tokens;

    DeliveryResponder(ResponseCache cache, ContentChanges changes, ApiTokenService tokens) {
        this.cache = cache;
        this.changes = changes;
        this.tokens = tokens;
    }

    /**
     * @param req  request
     * @param res  response
     * @param view published or preview
     * @param key         cache key (route, parameters)
     * @param generations the generations of what the answer reads (see {@link #generations})
     * @param body        builds the envelope text on a miss
     */
    void respond(ServerRequest req, ServerResponse res, View view, String key, String generations,
                 Supplier<String> body) {
        if (view == View.PREVIEW) {
            Responses.cached(req, res, EnvelopeBody.of(body.get()), PRIVATE_CACHE);
        } else {
            Responses.cached(req, res, cache.get(key, generations, body), PUBLIC_CACHE);
        }
    }

    /**
     * A public answer that is never kept (its source cannot tell when it changes), with an ETag all the same.
     *
     * @param req  request
     * @param res  response
     * @param body builds the envelope text
     */
    void respondUncached(ServerRequest req, ServerResponse res, Supplier<String> body) {
        Responses.cached(req, res, EnvelopeBody.of(body.get()), PUBLIC_CACHE);
    }

    /** Drafts are shown only with ?preview=true and a valid token; a bad token is refused, never ignored. */
    View view(ServerRequest req) {
        if (!RequestParams.single(req, "preview").map("true"::equals).orElse(false)) {
            return View.PUBLISHED;
        }
        String token = BearerToken.of(req).orElse("");
        tokens.authenticate(token).filter(p -> p.scope().covers(TokenScope.PREVIEW))
                .orElseThrow(() -> CmsException.unauthorized("Preview needs a valid API token (Authorization: Bearer ...)"));
        return View.PREVIEW;
    }

    /**
     * @param populate what a read populates
     * @return the generations of every type it reads
     */
    String generations(Populate populate) {
        return tree(populate) + "/" + changes.generation(MediaService.CHANGES);
    }

    private String tree(Populate populate) {
        StringBuilder sb = new StringBuilder().append(changes.generation(populate.type().name()));
        populate.children().values().forEach(child -> sb.append('/').append(tree(child)));
        return sb.toString();
    }

    /** @return the generation of the search index: bumped after every index job, on every node */
    String searchGeneration() {
        return changes.generation(SearchIndexer.CHANGES);
    }

    /**
     * @param types type names (or "users")
     * @return their generations, and that of the media descriptions documents carry
     */
    String generations(List<String> types) {
        StringBuilder sb = new StringBuilder();
        types.forEach(t -> sb.append(changes.generation(t)).append('/'));
        return sb.append(changes.generation(MediaService.CHANGES)).toString();
    }

    /**
     * @param params query parameters
     * @return a stable text form of them, without the ignored {@code _} parameters (cache busters must not be able
     *         to fill the cache with copies of one response)
     */
    static String normalised(Map<String, List<String>> params) {
        // every name and value led by its length, not toString(): "a, b" as one value and "a" and "b" as two values
        // must not share a key (built by hand: it is made for every cached hit)
        StringBuilder key = new StringBuilder(64);
        new TreeMap<>(params).forEach((name, values) -> {
            if (!name.startsWith("_")) {
                key.append(name.length()).append(':').append(name).append('=').append(values.size());
                values.forEach(v -> key.append(',').append(v.length()).append(':').append(v));
                key.append(';');
            }
        });
        return key.toString();
    }
}
