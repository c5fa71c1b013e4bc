package org.bitwreckers.plugins.workflow;

import java.util.List;
import java.util.Set;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.Workflow;
import org.bitwreckers.cms.spi.WorkflowProvider;

/**
 * The review workflows of the site's three kinds of application. Admins may take every step; the roles named here
 * may too.
 */
@Extension
public final class ApplicationWorkflows implements WorkflowProvider {
    @Override
    public List<Workflow> workflows() {
        return List.of(
                Workflow.of("student_application", "status")
                        .step("pending", "approved", "editor")
                        .step("pending", "rejected", "editor")
                        .build(),
                Workflow.of("contact_submission", "status")
                        .step("new", "in_progress", "editor")
                        .step("new", "completed", "editor")
                        .step("in_progress", "completed", "editor")
                        .build(),
                Workflow.of("accelerator_application", "status")
                        .step("submitted", "reviewing", "expert", "mentor")
                        // decisions are the admins': approval says how much funding
                        .step("reviewing", "approved", Set.of(), Set.of("funding_amount"), Set.of("funding_amount"))
                        .step("reviewing", "rejected", Set.of(), Set.of(), Set.of())
                        .build());
    }
}
