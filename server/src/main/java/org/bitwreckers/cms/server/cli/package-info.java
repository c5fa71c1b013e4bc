/** The command line ({@code bin/bitwreckers}): serve, and the operator's tasks beside it, with picocli. */
package org.bitwreckers.cms.server.cli;
