/**
 * Moves content between environments as NDJSON: content types (checked, not created), the media library's records
 * (and optionally its files), and documents with their versions; importing is idempotent and updates by id.
 */
package org.bitwreckers.cms.core.transfer;
