package org.bitwreckers.cms.http;

import java.util.Optional;

import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;

/**
 * Resolves the signed-in user of a delivery request from its bearer access token.
 */
public final class SignedInUser {
    private SignedInUser() {
    }

    /**
     * @param req      a request that needs a signed-in user
     * @param accounts account service (verifies the token)
     * @return the user
     * @throws CmsException UNAUTHORIZED without a valid, current access token
     */
    public static AuthenticatedUser require(ServerRequest req, AccountService accounts) {
        return optional(req, accounts)
                .orElseThrow(() -> CmsException.unauthorized("Sign in first: Authorization: Bearer <access token>"));
    }

    /**
     * @param req      a request that may carry an access token
     * @param accounts account service (verifies the token)
     * @return the user, or empty without a token
     * @throws CmsException UNAUTHORIZED when a token is sent but is not valid (never silently anonymous)
     */
    public static Optional<AuthenticatedUser> optional(ServerRequest req, AccountService accounts) {
        return BearerToken.of(req).map(token -> accounts.authenticate(token).orElseThrow(
                () -> CmsException.unauthorized("The access token is not valid (expired, revoked or tampered)")));
    }
}
