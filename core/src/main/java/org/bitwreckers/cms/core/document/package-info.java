/** Documents: validation, the write path with versions, and the read path with batched population. */
package org.bitwreckers.cms.core.document;
