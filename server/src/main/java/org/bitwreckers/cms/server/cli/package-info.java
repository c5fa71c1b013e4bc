/**
 * The command line ({@code bin/bitwreckers}), with picocli: serve, and the operator's tasks beside it as thin shells
 * over core's Java APIs that read the platform's settings from the environment and report progress on stderr.
 */
package org.bitwreckers.cms.server.cli;
