package org.bitwreckers.cms.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Runs before every admin route: resolves the bearer token to a {@link Principal} in the request context, or stops
 * the request with 401. Reads need the read scope, everything else the full scope (403 otherwise).
 */
final class AdminAuthentication implements Handler {
    private final ApiTokenService tokens;

    AdminAuthentication(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CmsException.unauthorized("The admin API needs an API token: Authorization: Bearer <token>");
        }
        Principal principal = tokens.authenticate(auth.substring(7).strip())
                .orElseThrow(() -> CmsException.unauthorized("The API token is not valid (unknown, revoked or expired)"));
        Method method = req.prologue().method();
        boolean read = method == Method.GET || method == Method.HEAD || method == Method.OPTIONS;
        TokenScope needed = read ? TokenScope.READ : TokenScope.FULL;
        if (!principal.scope().covers(needed)) {
            throw CmsException.forbidden("This token's scope (" + principal.scope().text() + ") does not allow "
                                                 + (read ? "reading the admin API" : "changes"));
        }
        req.context().register(principal);
        res.next();
    }

    /**
     * @param req an authenticated admin request
     * @return the caller
     */
    static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class).orElseThrow(() -> CmsException.unauthorized("Not authenticated"));
    }
}
