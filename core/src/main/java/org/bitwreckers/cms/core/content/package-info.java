/**
 * Content types: the JSON descriptor format, its parser, the registry of loaded types, and the rules a field applies
 * to a value (FieldValues, with rich text sanitised).
 */
package org.bitwreckers.cms.core.content;
