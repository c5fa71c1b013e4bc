package org.bitwreckers.cms.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code search ...}: the search index. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Work on the search index.",
        subcommands = SearchRebuildCommand.class)
final class SearchCommand extends CommandGroup {
    @ParentCommand
    private BitwreckersCommand root;

    BitwreckersCommand root() {
        return root;
    }
}
