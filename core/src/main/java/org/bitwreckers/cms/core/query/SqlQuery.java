package org.bitwreckers.cms.core.query;

import java.util.List;

/**
 * SQL text with its bound parameters, in order. User input only ever travels in {@code params}.
 *
 * @param sql    statement with ? placeholders
 * @param params values for the placeholders
 */
public record SqlQuery(String sql, List<Object> params) {
}
