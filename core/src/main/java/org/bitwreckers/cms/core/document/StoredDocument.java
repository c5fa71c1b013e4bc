package org.bitwreckers.cms.core.document;

import jakarta.json.JsonObject;

/**
 * A document row as the write path needs it (locked for update).
 *
 * @param id               id
 * @param slug             slug, may be null
 * @param status           draft, published or archived
 * @param data             current data
 * @param version          current version number
 * @param publishedVersion version that is published, or null
 */
public record StoredDocument(long id, String slug, String status, JsonObject data, int version, Integer publishedVersion) {
}
