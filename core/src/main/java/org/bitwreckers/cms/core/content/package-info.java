/** Content types: the JSON descriptor format, its parser and the registry of loaded types. */
package org.bitwreckers.cms.core.content;
