package org.bitwreckers.cms.core.search;

import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.search.elastic.ElasticSearch;

/**
 * Chooses the search engine from the settings: PostgreSQL full text unless ELASTICSEARCH_URL is set.
 */
public final class SearchEngines {
    private static final Logger LOG = Logger.getLogger(SearchEngines.class.getName());

    private SearchEngines() {
    }

    /**
     * @param db       database client
     * @param registry content types
     * @param settings search settings
     * @param changes  generations, which the embedded engine keeps its counts by
     * @return the engine (closed with the platform)
     */
    public static SearchEngine create(DbClient db, ContentTypeRegistry registry, Settings.Search settings,
                                      ContentChanges changes) {
        PostgresSearch embedded = new PostgresSearch(db, registry, settings.language(), changes);
        if (settings.elasticsearchUrl().isEmpty()) {
            LOG.info(embedded.ranksByIndex() ? "Public searches are ranked by the published entries' rum index"
                             : "Public searches rank every match: no rum index on the published entries (PostgreSQL's"
                             + " rum extension; see docs/search.md)");
            return embedded;
        }
        ElasticSearch cluster = new ElasticSearch(db, registry, settings);
        if (settings.fallback()) {
            return new FallbackSearch(cluster, embedded);
        }
        // entries nobody keeps up to date would be served stale if PostgreSQL search came back; empty, it rebuilds
        embedded.clear();
        return cluster;
    }
}
