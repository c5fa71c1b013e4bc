package org.bitwreckers.cms.server;

import java.io.PrintWriter;

import io.helidon.logging.common.LogConfig;

import org.bitwreckers.cms.server.cli.BitwreckersCommand;
import org.bitwreckers.cms.server.observe.LogSetup;

/**
 * The process entry point ({@code java -jar bitwreckers-server.jar} and {@code bin/bitwreckers}): the command line,
 * which serves when given no command. Configuration comes from the environment and config/.
 */
public final class Main {
    private Main() {
    }

    /**
     * @param args a command and its options ({@code --help} lists them); none to serve
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        LogSetup.configure(System.getenv()); // JSON lines unless LOG_FORMAT=plain; LOG_LEVEL
        BitwreckersCommand command = new BitwreckersCommand(System.getenv());
        int code = command.execute(new PrintWriter(System.err, true), args);
        if (!command.serving()) { // a server lives on in its listeners' threads; every other command ends here
            System.exit(code);
        }
    }
}
