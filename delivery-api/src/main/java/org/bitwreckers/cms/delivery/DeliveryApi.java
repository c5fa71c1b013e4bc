package org.bitwreckers.cms.delivery;

import io.helidon.webserver.http.HttpRouting;

import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;

/**
 * The public delivery API: published content for the website, under {@code /api/v1}.
 */
public final class DeliveryApi {
    private final ContentDeliveryHttpService content;

    /**
     * @param registry content types
     * @param reader   document reads
     * @param changes  content generations (cache keys)
     * @param tokens   API tokens (preview)
     * @param cache    response cache
     */
    public DeliveryApi(ContentTypeRegistry registry, DocumentReader reader, ContentChanges changes, ApiTokenService tokens,
                       ResponseCache cache) {
        this.content = new ContentDeliveryHttpService(registry, reader, changes, tokens, cache);
    }

    /**
     * Registers the delivery routes.
     *
     * @param routing the delivery listener's routing
     */
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1/content", content);
    }
}
