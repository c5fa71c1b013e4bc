package org.bitwreckers.plugins.workflow;

import java.util.List;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.PluginContent;

/** The mail this plugin brings: the accelerator's approval, which names the funding. */
@Extension
public final class WorkflowContent implements PluginContent {
    @Override
    public List<String> mailTemplates() {
        return List.of("accelerator-approved");
    }
}
