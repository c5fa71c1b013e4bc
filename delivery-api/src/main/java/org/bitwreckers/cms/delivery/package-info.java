/** The public delivery API: published content, cached, with ETags. */
package org.bitwreckers.cms.delivery;
