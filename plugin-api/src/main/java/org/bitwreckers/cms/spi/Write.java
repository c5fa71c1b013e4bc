package org.bitwreckers.cms.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A document write as hooks see it.
 *
 * @param type   content type name
 * @param id     the document's id; empty before a new document is stored
 * @param action {@code create} (editor), {@code submit} (public form), {@code update} (editor or plugin)
 * @param data   the document's fields as JSON-like values (String, Long, BigDecimal, Boolean, List, Map, null);
 *               mutable in {@link ContentHook#beforeSave}
 * @param actor  who writes: {@code user:<id>}, {@code token:<name>}, {@code public} or {@code plugin:<id>}
 * @param owner  the signed-in user a submission belongs to, if any
 * @since 0.1
 */
public record Write(String type, Optional<Long> id, String action, Map<String, Object> data, String actor,
                    Optional<Long> owner) {
}
