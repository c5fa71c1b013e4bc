package org.bitwreckers.cms.core.identity;

import java.time.Instant;

/**
 * A signed-in user, from a verified access token that is neither revoked nor outdated.
 *
 * @param id        user id
 * @param role      role at the time of the request
 * @param tokenId   the access token's id (jti), for logout
 * @param expiresAt when the access token expires
 */
public record AuthenticatedUser(long id, String role, String tokenId, Instant expiresAt) {
}
