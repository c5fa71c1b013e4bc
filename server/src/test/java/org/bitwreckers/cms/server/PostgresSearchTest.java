package org.bitwreckers.cms.server;

import java.util.Map;

/**
 * The search suite on the embedded engine: PostgreSQL full text, the default when no cluster is configured.
 */
class PostgresSearchTest extends SearchSuite {
    @Override
    Map<String, String> engine() {
        return Map.of();
    }

    @Override
    long typesWithEntries() {
        return cms.database.number("SELECT count(DISTINCT type) FROM search_entries");
    }
}
