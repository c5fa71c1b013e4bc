package org.bitwreckers.cms.spi;

import java.util.Optional;

/**
 * Look-ups of platform users (active accounts only).
 *
 * @since 0.1
 */
public interface Users {
    /**
     * @param id user id
     * @return the user
     * @since 0.1
     */
    Optional<CurrentUser> byId(long id);

    /**
     * @param email an address (case does not matter)
     * @return the user with it
     * @since 0.1
     */
    Optional<CurrentUser> byEmail(String email);
}
