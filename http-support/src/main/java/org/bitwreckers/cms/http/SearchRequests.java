package org.bitwreckers.cms.http;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.search.SearchEngine;

/**
 * Reads {@code ?q=...&type=...&filter[field]=value&page=&pageSize=} into a search, the same way on both APIs.
 */
public final class SearchRequests {
    private static final Pattern FILTER = Pattern.compile("filter\\[([a-z][a-z0-9_]*)]");

    private SearchRequests() {
    }

    /**
     * @param req   request
     * @param scope published (delivery) or draft (staff)
     * @return the search
     */
    public static SearchEngine.Query read(ServerRequest req, SearchEngine.Scope scope) {
        Map<String, String> filters = new LinkedHashMap<>();
        Set<String> allowed = new HashSet<>(Set.of("q", "type"));
        for (String key : RequestParams.query(req).keySet()) {
            Matcher m = FILTER.matcher(key);
            if (m.matches()) {
                allowed.add(key);
                filters.put(m.group(1), RequestParams.single(req, key).orElse(""));
            }
        }
        Paging paging = Paging.of(req, allowed);
        return new SearchEngine.Query(RequestParams.single(req, "q").orElse(""), scope, RequestParams.single(req, "type"),
                                      filters, paging.page(), paging.pageSize());
    }
}
