package org.bitwreckers.cms.spi;

import java.util.Map;

import org.pf4j.ExtensionPoint;

/**
 * A plugin's say in document writes and workflow transitions. Every method runs inside the write's transaction
 * (validate runs just before it), so whatever a hook queues through {@link Tx} commits or rolls back with the write.
 * A hook refuses a write by throwing {@link Refusal}.
 *
 * @since 0.1
 */
public interface ContentHook extends ExtensionPoint {
    /**
     * @param type a content type name
     * @return whether this hook wants to hear about writes to the type
     * @since 0.1
     */
    boolean handles(String type);

    /**
     * Extra validation after the descriptor's own rules passed.
     *
     * @param write the write, with its data already normalised
     * @return field name to reason for every problem (answered as a 422); empty when the data is acceptable
     * @since 0.1
     */
    default Map<String, String> validate(Write write) {
        return Map.of();
    }

    /**
     * Runs before the document is stored; may change {@link Write#data()} (the result is validated again).
     *
     * @param write the write
     * @param tx    the write's transaction
     * @since 0.1
     */
    default void beforeSave(Write write, Tx tx) {
    }

    /**
     * Runs after the document is stored, in the same transaction.
     *
     * @param write the write ({@link Write#id()} is set)
     * @param tx    the write's transaction
     * @since 0.1
     */
    default void afterSave(Write write, Tx tx) {
    }

    /**
     * Runs when a workflow moves a document to another state, in the transition's transaction. Throwing
     * {@link Refusal} cancels the transition.
     *
     * @param transition what happened
     * @param tx         the transition's transaction
     * @since 0.1
     */
    default void onTransition(Transition transition, Tx tx) {
    }

    /**
     * Runs after a document was deleted, in the same transaction ({@link Write#data()} is what it held).
     *
     * @param write the deleted document (action {@code delete})
     * @param tx    the deleting transaction
     * @since 0.1
     */
    default void afterDelete(Write write, Tx tx) {
    }
}
