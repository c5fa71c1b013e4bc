/** One timeline per document: what happened to it, from every part of the platform that records it. */
package org.bitwreckers.cms.core.timeline;
