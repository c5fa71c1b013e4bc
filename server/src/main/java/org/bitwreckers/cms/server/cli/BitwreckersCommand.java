package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsLoader;

/**
 * {@code bitwreckers}: the root command of the launcher. Without a subcommand it serves. Settings come from the
 * environment and CONFIG_DIR exactly as for the server, so every command sees the platform the server would run.
 */
@Command(name = "bitwreckers", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The Bitwreckers content platform. Without a command: serve.",
        subcommands = {ServeCommand.class, MigrateCommand.class, CheckConfigCommand.class, CreateAdminCommand.class,
                       ResetPasswordCommand.class, SearchCommand.class, PluginsCommand.class, HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a problem to fix: settings, descriptors, plugins, database, or refused input",
                        "2:wrong use of the command (unknown option, missing argument)"},
        footer = {"%nSettings: the environment variables of docs/configuration.md."})
public final class BitwreckersCommand implements Callable<Integer> {
    /** Exit code of a problem the operator can fix. */
    static final int PROBLEM = 1;

    private final Map<String, String> env;
    private final Prompt prompt;
    private final boolean terminal;
    private volatile boolean serving;

    @Spec
    private CommandSpec spec;

    /**
     * Reads secrets without echo, if there is somebody to ask.
     */
    @FunctionalInterface
    public interface Prompt {
        /**
         * @param question what to ask
         * @return the answer, or null when there is no terminal to ask on
         */
        char[] secret(String question);
    }

    /**
     * The command as the launcher runs it: the process environment, the terminal (if any) for prompts and progress.
     *
     * @param env the environment
     */
    public BitwreckersCommand(Map<String, String> env) {
        this(env, question -> System.console() == null ? null : System.console().readPassword("%s", question),
             CommandLine.Help.Ansi.AUTO.enabled());
    }

    /**
     * @param env      the environment
     * @param prompt   how secrets are asked for
     * @param terminal whether output goes to a terminal (progress redraws one line there)
     */
    public BitwreckersCommand(Map<String, String> env, Prompt prompt, boolean terminal) {
        this.env = Map.copyOf(env);
        this.prompt = prompt;
        this.terminal = terminal;
    }

    /**
     * Runs a command line. A plain {@code serve}, or no command, starts the server without building the command-line
     * model: picocli reflects over every command's annotations first, about a third of a second of every start.
     *
     * @param err  where problems go (standard error)
     * @param args the command and its options
     * @return the exit code
     */
    public int execute(PrintWriter err, String... args) {
        if (args.length == 0 || args.length == 1 && "serve".equals(args[0])) {
            try {
                return ServeCommand.serve(this, err);
            } catch (RuntimeException bug) { // as picocli reports one: the stack trace, exit code 1
                bug.printStackTrace(err);
                err.flush();
                return CommandLine.ExitCode.SOFTWARE;
            }
        }
        CommandLine line = commandLine();
        line.setErr(err);
        return line.execute(args);
    }

    /** @return the command line, with one-line answers for the problems an operator can fix */
    public CommandLine commandLine() {
        CommandLine line = new CommandLine(this);
        // the data commands take this run's environment and the process's streams (an archive or NDJSON on stdout)
        line.addSubcommand(new BackupCommand(env, System.err));
        line.addSubcommand(new RestoreCommand(env, System.err));
        line.addSubcommand(new ExportCommand(env, System.out, System.err));
        line.addSubcommand(new ImportCommand(env, System.in, System.err));
        line.setExecutionExceptionHandler(new Problems());
        return line;
    }

    /** Serves when no command is given. */
    @Override
    public Integer call() {
        return ServeCommand.serve(this, spec.commandLine().getErr());
    }

    /** @return whether this run started the server (the process then lives on after the command returns) */
    public boolean serving() {
        return serving;
    }

    void startedServing() {
        serving = true;
    }

    Map<String, String> env() {
        return env;
    }

    Prompt prompt() {
        return prompt;
    }

    boolean terminal() {
        return terminal;
    }

    /** @return the settings, loaded as the server loads them */
    Settings settings() {
        return SettingsLoader.load(env);
    }

    /** @return where a command's answer goes */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
