package org.bitwreckers.cms.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code search}, {@code plugins}): alone it is a usage error. */
abstract class CommandGroup implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Name one of its commands: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
