package org.bitwreckers.cms.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A state machine over one enum field of a content type. The platform checks it against the descriptor at start
 * (the field exists, is an enum, and every state is one of its values), then only allows the declared steps,
 * through the admin API, by the roles each step names.
 *
 * @param type  content type name
 * @param field the enum field holding the state
 * @param steps allowed transitions
 * @since 0.1
 */
public record Workflow(String type, String field, List<Step> steps) {
    /**
     * One allowed transition.
     *
     * @param from   state before
     * @param to     state after
     * @param roles  roles that may make it ({@code admin} always may)
     * @param fields other fields the transition may set at the same time (for example a funding amount)
     * @param required those of {@code fields} that must be given
     * @since 0.1
     */
    public record Step(String from, String to, Set<String> roles, Set<String> fields, Set<String> required) {
        /**
         * @param from  state before
         * @param to    state after
         * @param roles roles that may make it
         */
        public Step {
            roles = Set.copyOf(roles);
            fields = Set.copyOf(fields);
            required = Set.copyOf(required);
        }
    }

    /**
     * @param type  content type name
     * @param field the state field
     * @param steps allowed transitions
     */
    public Workflow {
        steps = List.copyOf(steps);
    }

    /**
     * Starts a definition.
     *
     * @param type  content type name
     * @param field the state field
     * @return a builder
     */
    public static Builder of(String type, String field) {
        return new Builder(type, field);
    }

    /** Builds a workflow step by step. */
    public static final class Builder {
        private final String type;
        private final String field;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String type, String field) {
            this.type = type;
            this.field = field;
        }

        /**
         * @param from  state before
         * @param to    state after
         * @param roles roles that may make the step
         * @return this builder
         */
        public Builder step(String from, String to, String... roles) {
            steps.add(new Step(from, to, Set.of(roles), Set.of(), Set.of()));
            return this;
        }

        /**
         * A step that also sets other fields.
         *
         * @param from     state before
         * @param to       state after
         * @param roles    roles that may make the step
         * @param fields   fields it may set
         * @param required fields it must set
         * @return this builder
         */
        public Builder step(String from, String to, Set<String> roles, Set<String> fields, Set<String> required) {
            steps.add(new Step(from, to, roles, fields, required));
            return this;
        }

        /** @return the workflow */
        public Workflow build() {
            return new Workflow(type, field, steps);
        }
    }
}
