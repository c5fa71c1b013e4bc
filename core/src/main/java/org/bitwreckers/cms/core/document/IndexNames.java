package org.bitwreckers.cms.core.document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;

/**
 * Names of the indexes built from descriptors: readable, at most 63 characters (PostgreSQL's limit, which would
 * otherwise truncate two long names into one), and made unique by a short hash of the exact type and field.
 */
public final class IndexNames {
    private static final int MAX = 63;

    private IndexNames() {
    }

    /**
     * @param type  content type
     * @param field a unique field
     * @return name of the unique index on the draft data
     */
    public static String unique(ContentType type, FieldDefinition field) {
        return name("dx_u_", type, field);
    }

    /**
     * @param type  content type
     * @param field a filterable or sortable field
     * @return name of the index on the published data
     */
    public static String published(ContentType type, FieldDefinition field) {
        return name("dx_p_", type, field);
    }

    /**
     * @param type  content type
     * @param field a sortable field
     * @return name of the descending (nulls last) index on the published data: a published index too
     */
    public static String publishedDescending(ContentType type, FieldDefinition field) {
        return name("dx_p_", type, field, "_desc");
    }

    /**
     * @param type  content type
     * @param field a filterable or sortable field
     * @return name of the expression statistics on the published data
     */
    public static String statistics(ContentType type, FieldDefinition field) {
        return name("dx_s_", type, field);
    }

    private static String name(String prefix, ContentType type, FieldDefinition field) {
        return name(prefix, type, field, "");
    }

    /** The suffix is hashed too: a long name cut to fit still differs from its sibling's. */
    private static String name(String prefix, ContentType type, FieldDefinition field, String suffix) {
        String hash = hash(type.name() + "/" + field.name() + suffix);
        String readable = prefix + type.name() + "__" + field.name() + suffix;
        int room = MAX - hash.length() - 1;
        return (readable.length() > room ? readable.substring(0, room) : readable) + "_" + hash;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
