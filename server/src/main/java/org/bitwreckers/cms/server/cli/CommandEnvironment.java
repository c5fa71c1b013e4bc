package org.bitwreckers.cms.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.bitwreckers.cms.core.backup.BackupException;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.config.SettingsLoader;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.db.DatabaseUnreachableException;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.plugin.PluginStartException;

/**
 * What every command starts from: the environment (the platform's settings), stderr for progress and failures, and
 * one way to turn an operator's error into a message and an exit code instead of a stack trace.
 */
final class CommandEnvironment {
    /** Exit code of a failure the message explains (bad settings, a damaged archive, a non-empty target...). */
    static final int FAILED = 1;

    private final Map<String, String> env;
    private final PrintStream err;

    CommandEnvironment(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    Settings settings() {
        return SettingsLoader.load(env);
    }

    /** @return where progress lines go: stderr, so stdout stays free for data (an export to "-") */
    Consumer<String> progress(String command) {
        return line -> err.println(command + ": " + line);
    }

    static Optional<Path> optional(Path path) {
        return Optional.ofNullable(path);
    }

    /**
     * Runs the work; failures the operator can act on are printed (with every detail) and answer {@link #FAILED}.
     *
     * @param command the command's name, for messages
     * @param work    the command's work, answering its exit code
     * @return the exit code
     * @throws Exception what the work throws that is not the operator's to fix (a bug keeps its stack trace)
     */
    int run(String command, Callable<Integer> work) throws Exception {
        try {
            return work.call();
        } catch (SettingsException e) {
            err.println(command + ": the settings have problems:");
            e.problems().forEach(p -> err.println("  - " + p));
            return FAILED;
        } catch (CmsException e) {
            err.println(command + ": " + e.getMessage());
            e.details().forEach((where, problem) -> err.println("  " + where + ": " + problem));
            return FAILED;
        } catch (BackupException | DatabaseUnreachableException | DescriptorException | PluginStartException
                 | MediaStorage.StorageUnavailableException e) {
            err.println(command + ": " + e.getMessage());
            return FAILED;
        } catch (IOException e) { // a file named on the command line cannot be read or written
            err.println(command + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        } catch (UncheckedIOException e) {
            err.println(command + ": " + e.getMessage() + ": " + e.getCause().getMessage());
            return FAILED;
        }
    }

    /** Closes what a command opened, newest first, even when the command failed. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (int i = resources.length - 1; i >= 0; i--) {
            if (resources[i] == null) {
                continue;
            }
            try {
                resources[i].close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
