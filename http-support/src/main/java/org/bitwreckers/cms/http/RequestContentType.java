package org.bitwreckers.cms.http;

import java.util.Map;
import java.util.Optional;

import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * A request's {@code Content-Type}, read so that a malformed header is the client's mistake (415), not a failure of
 * ours: Helidon's parser throws on values such as {@code ;} or {@code application/json; charset="}.
 */
public final class RequestContentType {
    private RequestContentType() {
    }

    /**
     * @param req request
     * @return its media type, if the header is present
     * @throws CmsException UNSUPPORTED_MEDIA_TYPE when the header cannot be parsed
     */
    public static Optional<HttpMediaType> of(ServerRequest req) {
        try {
            return req.headers().contentType();
        } catch (RuntimeException e) {
            throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type header is malformed",
                                   Map.of("Content-Type", "is not a media type such as application/json"));
        }
    }
}
