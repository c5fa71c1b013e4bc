/**
 * Full-text search: the engines (PostgreSQL, Elasticsearch, a fallback between them), checked queries and the index
 * kept up to date by jobs.
 */
package org.bitwreckers.cms.core.search;
