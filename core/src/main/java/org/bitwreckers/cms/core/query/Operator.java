package org.bitwreckers.cms.core.query;

import java.util.Locale;
import java.util.Optional;

/**
 * Filter operators of the list query language: {@code filter[field][op]=value}.
 */
public enum Operator {
    EQ, NE, IN, LT, LTE, GT, GTE, CONTAINS, EXISTS;

    /**
     * @param text operator as written in a query
     * @return the operator, if known
     */
    public static Optional<Operator> parse(String text) {
        for (Operator op : values()) {
            if (op.name().equalsIgnoreCase(text)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** @return the name used in queries */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
