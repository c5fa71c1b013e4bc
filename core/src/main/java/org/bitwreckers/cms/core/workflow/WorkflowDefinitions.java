package org.bitwreckers.cms.core.workflow;

import java.util.Optional;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.spi.Workflow;

/** Checks a workflow definition against the content types it governs. */
public final class WorkflowDefinitions {
    private WorkflowDefinitions() {
    }

    /**
     * @param workflow a definition
     * @param registry the content types
     * @param roles    the site\'s roles
     * @return what is wrong with it, if anything
     */
    public static Optional<String> check(Workflow workflow, ContentTypeRegistry registry, RoleTable roles) {
        Optional<ContentType> type = registry.find(workflow.type());
        if (type.isEmpty()) {
            return Optional.of("workflow names unknown type '" + workflow.type() + "'");
        }
        Optional<FieldDefinition> field = type.get().field(workflow.field());
        if (field.isEmpty() || field.get().type() != FieldType.ENUM || field.get().isList()) {
            return Optional.of("workflow of " + workflow.type() + ": '" + workflow.field() + "' is not a single enum field");
        }
        if (workflow.steps().isEmpty()) {
            return Optional.of("workflow of " + workflow.type() + " has no steps");
        }
        for (Workflow.Step step : workflow.steps()) {
            String where = "workflow of " + workflow.type() + ", step " + step.from() + " -> " + step.to() + ": ";
            if (!field.get().values().contains(step.from()) || !field.get().values().contains(step.to())) {
                return Optional.of(where + "states must be values of " + workflow.field() + " " + field.get().values());
            }
            if (step.from().equals(step.to())) {
                return Optional.of(where + "a step must change the state");
            }
            for (String role : step.roles()) {
                if (!roles.exists(role)) {
                    return Optional.of(where + "unknown role '" + role + "'");
                }
            }
            for (String f : step.fields()) {
                if (type.get().field(f).isEmpty() || f.equals(workflow.field())) {
                    return Optional.of(where + "'" + f + "' is not another field of " + workflow.type());
                }
            }
            if (!step.fields().containsAll(step.required())) {
                return Optional.of(where + "required fields must also be listed in fields");
            }
        }
        return Optional.empty();
    }
}
