package org.bitwreckers.cms.core.plugin;

/** A plugin problem that stops start-up (PLUGINS_FAIL_FAST, or an unreadable plugins folder). */
public final class PluginStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which plugins failed and why
     */
    public PluginStartException(String message) {
        super(message);
    }
}
