/** Workflows plugins define: documents move only by declared steps, taken by the roles a step names, each recorded. */
package org.bitwreckers.cms.core.workflow;
