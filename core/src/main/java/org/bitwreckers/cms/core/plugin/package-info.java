/**
 * The plugin host: loads the PF4J plugins, gives each the services it may use, and runs their hooks, routes and
 * scheduled tasks.
 */
package org.bitwreckers.cms.core.plugin;
