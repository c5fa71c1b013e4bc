package org.bitwreckers.cms.core.query;

/**
 * One sort key.
 *
 * @param column     what is sorted on
 * @param descending direction
 */
public record Sort(Column column, boolean descending) {
}
