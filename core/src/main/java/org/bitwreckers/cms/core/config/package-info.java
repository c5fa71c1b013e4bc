/** Settings: the spec's environment variables layered over config files, parsed and checked at start. */
package org.bitwreckers.cms.core.config;
