package org.bitwreckers.cms.spi;

import java.util.Map;

/**
 * Outgoing mail, queued in the caller's transaction and sent by the platform's workers (retried until delivered).
 *
 * @since 0.1
 */
public interface Mail {
    /**
     * @param template  a template name (the platform's or one a plugin brings)
     * @param to        recipient address
     * @param variables values for the template's placeholders
     * @since 0.1
     */
    void send(String template, String to, Map<String, String> variables);

    /**
     * @param template  a template name
     * @param variables values for the template's placeholders
     * @since 0.1
     */
    void sendToTeam(String template, Map<String, String> variables);
}
