/**
 * Back up and restore one platform: a single archive with the database (pg_dump under one snapshot), the media files
 * that snapshot refers to, and a manifest with versions, counts and checksums.
 */
package org.bitwreckers.cms.core.backup;
