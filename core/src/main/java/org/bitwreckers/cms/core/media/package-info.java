/**
 * The media library: uploads checked by their bytes, stored by content hash (local disk or S3), responsive variants,
 * and the URLs answers carry.
 */
package org.bitwreckers.cms.core.media;
