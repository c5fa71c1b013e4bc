/** API tokens and the principal of an authenticated call. */
package org.bitwreckers.cms.core.auth;
