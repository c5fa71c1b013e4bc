package org.bitwreckers.cms.core.analytics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.dbclient.DbClient;

/**
 * The small ids event rows refer to, one per distinct path, source, user agent class and event name. Known ids are
 * remembered in memory (bounded: a flood of distinct paths empties the memory, not the heap); a new value is written
 * once, by whichever node sees it first.
 */
final class Dimensions {
    private static final int MAX_REMEMBERED = 50_000;

    private final DbClient db;
    private final Map<List<String>, Integer> ids = new ConcurrentHashMap<>();

    Dimensions(DbClient db) {
        this.db = db;
    }

    int path(String path) {
        return id(List.of("path", path), "INSERT INTO analytics_paths (path) VALUES (?)"
                + " ON CONFLICT (path) DO UPDATE SET path = EXCLUDED.path RETURNING id", path);
    }

    int source(Sources.Source s) {
        return id(List.of("source", s.channel(), s.referrerHost(), s.utmSource(), s.utmMedium(), s.utmCampaign()),
                  "INSERT INTO analytics_sources (channel, referrer_host, utm_source, utm_medium, utm_campaign)"
                          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, referrer_host, utm_source, utm_medium, utm_campaign)"
                          + " DO UPDATE SET channel = EXCLUDED.channel RETURNING id",
                  s.channel(), s.referrerHost(), s.utmSource(), s.utmMedium(), s.utmCampaign());
    }

    int agent(UserAgents.Agent a) {
        return id(List.of("agent", a.browser(), a.os(), a.device()),
                  "INSERT INTO analytics_agents (browser, os, device) VALUES (?, ?, ?)"
                          + " ON CONFLICT (browser, os, device) DO UPDATE SET browser = EXCLUDED.browser RETURNING id",
                  a.browser(), a.os(), a.device());
    }

    Optional<Integer> name(Optional<String> name) {
        return name.map(n -> id(List.of("name", n), "INSERT INTO analytics_names (name) VALUES (?)"
                + " ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id", n));
    }

    private int id(List<String> key, String upsert, Object... params) {
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        int id = db.execute().get(upsert, params).orElseThrow().column("id").getInt();
        if (ids.size() >= MAX_REMEMBERED) {
            ids.clear();
        }
        ids.put(key, id);
        return id;
    }
}
