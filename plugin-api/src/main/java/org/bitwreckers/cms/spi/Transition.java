package org.bitwreckers.cms.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A workflow transition that is being made.
 *
 * @param type  content type name
 * @param id    document id
 * @param from  state before
 * @param to    state after
 * @param note  the reviewer's note (may be empty)
 * @param actor who made it ({@code user:<id>} or {@code token:<name>})
 * @param data  the document's fields after the transition
 * @param owner the signed-in user the document belongs to, if any
 * @since 0.1
 */
public record Transition(String type, long id, String from, String to, String note, String actor,
                         Map<String, Object> data, Optional<Long> owner) {
}
