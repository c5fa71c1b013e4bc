/** User accounts: passwords (Argon2id), JWT access tokens, rotating refresh tokens, password resets. */
package org.bitwreckers.cms.core.identity;
