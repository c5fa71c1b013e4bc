package org.bitwreckers.cms.core.site;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a declared delivery route does.
 */
public enum RouteKind {
    /** Published documents of a type, with fixed filters and a default sort; callers may add filters. */
    LIST("list"),
    /** One published document by id or slug (path parameter {@code {key}}). */
    ITEM("item"),
    /** The one published document of a single type. */
    SINGLE("single"),
    /** POST: a public submission stored as a private document; answers 201 with its id. */
    SUBMIT("submit"),
    /** Every value of an enum field with the number of published documents having it. */
    VALUE_COUNTS("value-counts"),
    /** Named counts (documents matching a query, active members, universities). */
    STATS("stats"),
    /** Published documents of a type, each with the number of documents of another type that match it. */
    WITH_COUNTS("with-counts"),
    /** Public profiles of active community members. */
    MEMBERS("members");

    private final String jsonName;

    RouteKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in route files */
    public String jsonName() {
        return jsonName;
    }

    /**
     * @param name kind as written in a route file
     * @return the kind, if known
     */
    public static Optional<RouteKind> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
    }
}
