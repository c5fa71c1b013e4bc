/** The launcher: settings, start-up order, both listeners, OpenAPI. */
package org.bitwreckers.cms.server;
