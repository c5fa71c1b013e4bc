package org.bitwreckers.cms.core.document;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;

/**
 * Names of the indexes built from descriptors. Type and field names are at most 40 characters each, so the
 * names stay within PostgreSQL's 63-character limit.
 */
public final class IndexNames {
    private IndexNames() {
    }

    /**
     * @param type  content type
     * @param field a unique field
     * @return name of the unique index on the draft data
     */
    public static String unique(ContentType type, FieldDefinition field) {
        return "dx_u_" + type.name() + "__" + field.name();
    }

    /**
     * @param type  content type
     * @param field a filterable or sortable field
     * @return name of the index on the published data
     */
    public static String published(ContentType type, FieldDefinition field) {
        return "dx_p_" + type.name() + "__" + field.name();
    }
}
