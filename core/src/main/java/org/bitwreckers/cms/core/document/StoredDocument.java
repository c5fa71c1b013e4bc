package org.bitwreckers.cms.core.document;

import jakarta.json.JsonObject;

/**
 * A document row as the write path reads it (locked).
 *
 * @param id               id
 * @param slug             current slug (may be null)
 * @param status           draft or published
 * @param data             current (draft) data
 * @param version          current version number
 * @param publishedVersion version the delivery API serves, or null
 * @param ownerId          the user a submission belongs to, or null
 */
public record StoredDocument(long id, String slug, String status, JsonObject data, int version, Integer publishedVersion,
                             Long ownerId) {
}
