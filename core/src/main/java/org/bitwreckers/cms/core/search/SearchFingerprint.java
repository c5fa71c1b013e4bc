package org.bitwreckers.cms.core.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.search.SearchEngine.Scope;

/**
 * What a type's search entries are made from: for each view, whether searches see the type, and which fields are
 * searched and filtered, with their types. Entries built under another fingerprint are out of date (a field became
 * private, a type stopped being public, a field became searchable) and the index is rebuilt.
 */
public final class SearchFingerprint {
    private SearchFingerprint() {
    }

    /**
     * @param type content type
     * @return a readable description of what its entries hold
     */
    public static String describe(ContentType type) {
        StringBuilder out = new StringBuilder(type.name());
        for (Scope scope : Scope.values()) {
            out.append('|').append(scope).append(CheckedQuery.visible(type, scope) ? ":visible" : ":hidden");
            CheckedQuery.searchableFields(type, scope).forEach(f -> out.append(",s:").append(f.name()).append(':')
                    .append(f.type()));
            type.fields().stream().filter(f -> CheckedQuery.filterable(f, scope))
                    .forEach(f -> out.append(",f:").append(f.name()).append(':').append(f.type()));
        }
        return out.toString();
    }

    /**
     * @param text any text
     * @return a short SHA-256 fingerprint of it
     */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
