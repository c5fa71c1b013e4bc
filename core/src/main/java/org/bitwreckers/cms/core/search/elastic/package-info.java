/** The Elasticsearch engine: index layout per content type, the documents sent to it and the queries it answers. */
package org.bitwreckers.cms.core.search.elastic;
