package org.bitwreckers.cms.core.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A signed-in user, from a verified access token that is neither revoked nor outdated.
 *
 * @param id        user id
 * @param role      role at the time of the request
 * @param tokenId   the access token's id (jti), for logout
 * @param issuedAt  when the access token was issued
 * @param expiresAt when the access token expires
 * @param session   the refresh chain the token belongs to (empty for tokens from before sessions were named)
 */
public record AuthenticatedUser(long id, String role, String tokenId, Instant issuedAt, Instant expiresAt,
                                Optional<UUID> session) {
}
