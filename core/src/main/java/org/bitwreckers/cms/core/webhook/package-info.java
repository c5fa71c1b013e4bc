/** Outgoing webhooks on content events, delivered and retried through the job queue. */
package org.bitwreckers.cms.core.webhook;
