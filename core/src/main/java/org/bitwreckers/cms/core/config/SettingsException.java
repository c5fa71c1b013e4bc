package org.bitwreckers.cms.core.config;

import java.util.List;

/**
 * One or more settings are missing or malformed; each problem names the setting it is about.
 */
public class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems one line per bad setting, each naming it
     */
    public SettingsException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one line per bad setting */
    public List<String> problems() {
        return problems;
    }
}
