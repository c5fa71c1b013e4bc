package org.bitwreckers.cms.spi;

import java.util.Map;

import org.pf4j.ExtensionPoint;

/**
 * A plugin's say in a document write. Hooks see plain maps (the document's data as JSON-like values), never
 * database or HTTP types, so the SPI stays small and stable.
 *
 * @since 0.1
 */
public interface ContentHook extends ExtensionPoint {
    /**
     * Extra validation after the descriptor's own rules passed.
     *
     * @param type content type name
     * @param data the document's data, already normalised
     * @return field name to reason for every problem; empty when the data is acceptable
     * @since 0.1
     */
    default Map<String, String> validate(String type, Map<String, Object> data) {
        return Map.of();
    }
}
