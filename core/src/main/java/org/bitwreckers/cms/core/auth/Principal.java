package org.bitwreckers.cms.core.auth;

/**
 * Who is calling, once authenticated.
 *
 * @param name  for audit fields: "token:<id>:<name>" or "bootstrap-token"
 * @param scope what the caller may do
 */
public record Principal(String name, TokenScope scope) {
}
