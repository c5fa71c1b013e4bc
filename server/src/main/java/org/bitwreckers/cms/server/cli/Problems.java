package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.db.DatabaseUnreachableException;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.plugin.PluginStartException;
import org.bitwreckers.cms.core.seed.SeedException;

/**
 * Problems an operator can fix (settings, descriptors, plugins, the database, refused input) end a command with
 * clear lines and exit code 1, never a stack trace; anything else is a bug and keeps its stack trace.
 */
final class Problems implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine line, ParseResult parsed) throws Exception {
        PrintWriter err = line.getErr();
        if (e instanceof SettingsException settings) {
            err.println("bitwreckers: the settings have " + settings.problems().size() + " problem(s):");
            settings.problems().forEach(p -> err.println("  - " + p));
        } else if (e instanceof CmsException refused) {
            err.println("bitwreckers: " + refused.getMessage());
            for (Map.Entry<String, String> d : refused.details().entrySet()) {
                err.println("  - " + d.getKey() + " " + d.getValue());
            }
        } else if (e instanceof DescriptorException || e instanceof DatabaseUnreachableException
                || e instanceof SeedException || e instanceof PluginStartException) {
            err.println("bitwreckers: " + e.getMessage());
        } else {
            throw e;
        }
        err.flush();
        return BitwreckersCommand.PROBLEM;
    }
}
