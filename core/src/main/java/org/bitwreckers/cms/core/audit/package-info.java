/** The audit log of admin writes. */
package org.bitwreckers.cms.core.audit;
