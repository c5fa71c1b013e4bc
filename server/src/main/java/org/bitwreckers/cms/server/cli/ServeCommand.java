package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.db.DatabaseUnreachableException;
import org.bitwreckers.cms.core.plugin.PluginStartException;
import org.bitwreckers.cms.core.seed.SeedException;
import org.bitwreckers.cms.server.Platform;

/**
 * {@code serve}: starts the platform (migrations, first admin, demo content, both listeners) and returns; the
 * listeners keep the process alive until SIGTERM, when the shutdown runs in order. Start-up problems an operator can
 * fix end the process with one line and exit code 1, never a stack trace.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the delivery and admin listeners (what runs without a command).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

    @ParentCommand
    private BitwreckersCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return serve(root, spec.commandLine().getErr());
    }

    static int serve(BitwreckersCommand root, PrintWriter err) {
        try {
            Settings settings = root.settings();
            LOG.info("Starting with " + settings);
            Platform platform = Platform.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                platform.close();
                System.err.println("bitwreckers: stopped"); // the log handlers may already be closed by now
            }, "shutdown"));
            root.startedServing();
            return 0;
        } catch (SettingsException | DescriptorException | DatabaseUnreachableException | SeedException
                 | PluginStartException e) {
            err.println("bitwreckers: cannot start: " + e.getMessage());
            err.flush();
            return BitwreckersCommand.PROBLEM;
        }
    }
}
