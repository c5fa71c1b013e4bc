package org.bitwreckers.cms.core.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API token may do, least to most.
 */
public enum TokenScope {
    /** Read drafts through the delivery API (for a frontend's preview mode); no admin API access. */
    PREVIEW,
    /** Read everything through the admin API. */
    READ,
    /** Read and write everything through the admin API. */
    FULL;

    /**
     * @param text scope name
     * @return the scope, if known
     */
    public static Optional<TokenScope> parse(String text) {
        for (TokenScope s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return the name used in the API */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param needed the scope an action needs
     * @return whether this scope includes it
     */
    public boolean covers(TokenScope needed) {
        return ordinal() >= needed.ordinal();
    }
}
