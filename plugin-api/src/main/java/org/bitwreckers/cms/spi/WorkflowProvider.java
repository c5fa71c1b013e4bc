package org.bitwreckers.cms.spi;

import java.util.List;

import org.pf4j.ExtensionPoint;

/**
 * Brings workflow definitions: which states a submission type moves through, and who may move it.
 *
 * @since 0.1
 */
public interface WorkflowProvider extends ExtensionPoint {
    /**
     * @return the workflows; at most one per content type across all plugins
     * @since 0.1
     */
    List<Workflow> workflows();
}
