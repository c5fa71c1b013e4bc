package org.bitwreckers.cms.http;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.ListQuery;

/**
 * Page parameters of the lists that are not documents (jobs, mail, users, audit, notifications), checked like every
 * other parameter: unknown names and bad numbers are a 400 naming them.
 *
 * @param page     1-based page
 * @param pageSize items per page (at most 100)
 */
public record Paging(int page, int pageSize) {
    /** How the route table describes the {@code cursor} parameter of document lists. */
    public static final String CURSOR_DOC = "keyset paging: meta.pagination.nextCursor or prevCursor of an answer with the"
            + " same sort (instead of page; stable for deep pages)";

    /**
     * @param req    request
     * @param others the endpoint's other parameter names
     * @return the page parameters
     * @throws CmsException BAD_REQUEST naming each bad parameter
     */
    public static Paging of(ServerRequest req, Set<String> others) {
        Set<String> allowed = new HashSet<>(others);
        allowed.add("page");
        allowed.add("pageSize");
        Map<String, String> problems = new LinkedHashMap<>();
        RequestParams.query(req).keySet().stream().filter(k -> !allowed.contains(k) && !k.startsWith("_"))
                .forEach(k -> problems.put(k, "is not a parameter here (" + String.join(", ", allowed.stream().sorted()
                        .toList()) + ")"));
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
