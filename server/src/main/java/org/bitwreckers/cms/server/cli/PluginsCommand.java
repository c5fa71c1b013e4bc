package org.bitwreckers.cms.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code plugins ...}: the plugin jars. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Look at the plugin jars.",
        subcommands = PluginsListCommand.class)
final class PluginsCommand extends CommandGroup {
    @ParentCommand
    private BitwreckersCommand root;

    BitwreckersCommand root() {
        return root;
    }
}
