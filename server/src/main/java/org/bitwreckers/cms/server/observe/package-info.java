/** Watching a running node: Prometheus metrics, request ids, the access log and JSON log lines. */
package org.bitwreckers.cms.server.observe;
