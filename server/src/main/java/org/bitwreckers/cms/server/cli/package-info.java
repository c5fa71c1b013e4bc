/**
 * Command-line subcommands of the launcher (picocli): thin shells over core's Java APIs that read the platform's
 * settings from the environment and report progress on stderr.
 */
package org.bitwreckers.cms.server.cli;
