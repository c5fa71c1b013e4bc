package org.bitwreckers.cms.spi;

/**
 * A platform user, as plugins see one (never the password hash or tokens).
 *
 * @param id       user id
 * @param role     role: admin, editor, expert, mentor, graduate or student
 * @param email    e-mail address
 * @param fullName full name
 * @since 0.1
 */
public record CurrentUser(long id, String role, String email, String fullName) {
}
