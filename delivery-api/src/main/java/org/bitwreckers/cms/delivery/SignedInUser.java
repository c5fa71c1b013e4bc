package org.bitwreckers.cms.delivery;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;

/**
 * Resolves the signed-in user of a delivery request from its bearer access token.
 */
final class SignedInUser {
    private SignedInUser() {
    }

    /**
     * @param req      a request that needs a signed-in user
     * @param accounts account service (verifies the token)
     * @return the user
     * @throws CmsException UNAUTHORIZED without a valid, current access token
     */
    static AuthenticatedUser require(ServerRequest req, AccountService accounts) {
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CmsException.unauthorized("Sign in first: Authorization: Bearer <access token>");
        }
        return accounts.authenticate(auth.substring(7).strip())
                .orElseThrow(() -> CmsException.unauthorized("The access token is not valid (expired, revoked or tampered)"));
    }
}
