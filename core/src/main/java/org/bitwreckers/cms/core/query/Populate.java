package org.bitwreckers.cms.core.query;

import java.util.Map;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;

/**
 * Which relations to populate: a tree of relation fields, at most {@link #MAX_DEPTH} levels deep.
 *
 * @param type     type whose relation fields are listed
 * @param children relation field to what to populate inside its target
 */
public record Populate(ContentType type, Map<FieldDefinition, Populate> children) {
    /** The hard limit on population depth; each level costs one batched query per relation field. */
    public static final int MAX_DEPTH = 3;

    /** @return whether nothing is populated */
    public boolean isEmpty() {
        return children.isEmpty();
    }
}
