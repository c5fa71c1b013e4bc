package org.bitwreckers.cms.core.auth;

import java.util.Optional;

/**
 * Who is calling, once authenticated.
 *
 * @param name   for audit fields: "token:<id>:<name>", "bootstrap-token" or "user:<id>"
 * @param scope  what the caller may do
 * @param role   a signed-in user's role; empty for API tokens
 * @param userId a signed-in user's id; empty for API tokens
 */
public record Principal(String name, TokenScope scope, Optional<String> role, Optional<Long> userId) {
    /**
     * An API token.
     *
     * @param name  audit name
     * @param scope the token's scope
     */
    public Principal(String name, TokenScope scope) {
        this(name, scope, Optional.empty(), Optional.empty());
    }
}
