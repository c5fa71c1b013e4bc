package org.bitwreckers.cms.http;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Reads {@code Authorization: Bearer <token>}, the one way every endpoint does. */
public final class BearerToken {
    private BearerToken() {
    }

    /**
     * @param req a request
     * @return the bearer token, if the request carries one
     */
    public static Optional<String> of(ServerRequest req) {
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        return auth.regionMatches(true, 0, "Bearer ", 0, 7) ? Optional.of(auth.substring(7).strip()) : Optional.empty();
    }
}
