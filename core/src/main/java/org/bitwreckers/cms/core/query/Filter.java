package org.bitwreckers.cms.core.query;

import java.util.List;

/**
 * One filter condition, its values already parsed to the column's type.
 *
 * @param column   what is filtered
 * @param operator how
 * @param values   one value, or several for IN
 */
public record Filter(Column column, Operator operator, List<Object> values) {
}
