/** Error codes and the exception that carries them to the error envelope. */
package org.bitwreckers.cms.core.error;
