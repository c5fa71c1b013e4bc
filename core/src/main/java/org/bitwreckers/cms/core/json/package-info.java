/** JSON helpers every package shares: the one JSON-P provider and parsing of stored JSON text. */
package org.bitwreckers.cms.core.json;
