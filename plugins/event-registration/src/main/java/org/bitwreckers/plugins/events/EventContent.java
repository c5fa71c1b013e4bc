package org.bitwreckers.plugins.events;

import java.util.List;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.PluginContent;

/** The registration type and the waitlist mails this plugin brings. */
@Extension
public final class EventContent implements PluginContent {
    @Override
    public List<String> descriptors() {
        return List.of("types/event_registration.json");
    }

    @Override
    public List<String> mailTemplates() {
        return List.of("event-waitlisted", "event-promoted");
    }
}
