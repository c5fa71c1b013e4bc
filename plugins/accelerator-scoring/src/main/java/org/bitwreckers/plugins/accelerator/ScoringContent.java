package org.bitwreckers.plugins.accelerator;

import java.util.List;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.PluginContent;

/** The score type this plugin brings. */
@Extension
public final class ScoringContent implements PluginContent {
    @Override
    public List<String> descriptors() {
        return List.of("types/accelerator_score.json");
    }
}
