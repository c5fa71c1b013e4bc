/** Demo content loaded once on first start. */
package org.bitwreckers.cms.core.seed;
