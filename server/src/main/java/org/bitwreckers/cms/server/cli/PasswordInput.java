package org.bitwreckers.cms.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a new password comes from, never the command line itself (it would show in the process list and the shell's
 * history): {@code --password-file}, else the environment variable {@value #ENV}, else a prompt on the terminal that
 * does not echo and asks twice.
 */
final class PasswordInput {
    /** The environment variable a password may come from (for scripts and containers). */
    static final String ENV = "BITWRECKERS_PASSWORD";

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of this file (else " + ENV + ", else a prompt).")
    private Path file;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    /**
     * @param root the root command (environment and prompt)
     * @param who  whose password, for the prompt
     * @return the password
     */
    String read(BitwreckersCommand root, String who) {
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--password-file " + file + " holds no password");
                }
                return lines.get(0);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--password-file " + file + " cannot be read: "
                        + e.getMessage());
            }
        }
        String fromEnv = root.env().get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        char[] first = root.prompt().secret("New password for " + who + ": ");
        if (first == null) {
            throw new ParameterException(spec.commandLine(), "No terminal to ask for the password on: use --password-file"
                    + " or " + ENV);
        }
        char[] again = root.prompt().secret("The same password again: ");
        try {
            if (!Arrays.equals(first, again)) {
                throw new ParameterException(spec.commandLine(), "The two passwords differ; nothing was changed");
            }
            return new String(first);
        } finally {
            Arrays.fill(first, ' ');
            if (again != null) {
                Arrays.fill(again, ' ');
            }
        }
    }
}
