/** The newsletter: double opt-in, signed one-click unsubscribe, issues sent in batches through jobs. */
package org.bitwreckers.cms.core.newsletter;
