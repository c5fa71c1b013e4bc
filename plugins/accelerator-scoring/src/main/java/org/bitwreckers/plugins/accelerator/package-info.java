/** The accelerator-scoring plugin: scores applications against the programme's criteria and enforces its deadlines. */
package org.bitwreckers.plugins.accelerator;
