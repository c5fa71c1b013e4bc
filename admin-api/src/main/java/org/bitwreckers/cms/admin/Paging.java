package org.bitwreckers.cms.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.http.RequestParams;

/**
 * Page parameters of the admin lists that are not documents (jobs, mail).
 *
 * @param page     1-based page
 * @param pageSize items per page
 */
record Paging(int page, int pageSize) {
    private static final Set<String> PARAMS = Set.of("page", "pageSize", "status");

    static Paging of(ServerRequest req) {
        Map<String, String> problems = new LinkedHashMap<>();
        RequestParams.query(req).keySet().stream().filter(k -> !PARAMS.contains(k) && !k.startsWith("_"))
                .forEach(k -> problems.put(k, "is not a parameter here (status, page, pageSize)"));
        int page = number(req, "page", 1, 1_000_000, problems);
        int pageSize = number(req, "pageSize", ListQuery.DEFAULT_PAGE_SIZE, ListQuery.MAX_PAGE_SIZE, problems);
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid query parameters", problems);
        }
        return new Paging(page, pageSize);
    }

    private static int number(ServerRequest req, String name, int fallback, int max, Map<String, String> problems) {
        String text = RequestParams.single(req, name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.put(name, "must be a whole number from 1 to " + max);
        return fallback;
    }
}
