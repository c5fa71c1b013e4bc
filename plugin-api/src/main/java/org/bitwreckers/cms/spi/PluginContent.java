package org.bitwreckers.cms.spi;

import java.util.List;

import org.pf4j.ExtensionPoint;

/**
 * Content a plugin brings in its jar: content-type descriptors (same JSON format as {@code content-types/types})
 * and mail templates ({@code mail/<name>.txt} with a {@code Subject:} first line, and {@code mail/<name>.html}).
 * A descriptor that does not parse, or a template that does not render, fails the plugin at start.
 *
 * @since 0.1
 */
public interface PluginContent extends ExtensionPoint {
    /**
     * @return resource paths of descriptors in the plugin jar, for example {@code types/event_registration.json}
     * @since 0.1
     */
    default List<String> descriptors() {
        return List.of();
    }

    /**
     * @return names of mail templates the plugin's jar holds under {@code mail/}; operators can still override them
     *         in MAIL_TEMPLATES_DIR
     * @since 0.1
     */
    default List<String> mailTemplates() {
        return List.of();
    }
}
