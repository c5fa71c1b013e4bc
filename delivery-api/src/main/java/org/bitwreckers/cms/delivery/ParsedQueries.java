package org.bitwreckers.cms.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.bitwreckers.cms.core.query.View;

/**
 * Checked queries kept by what was asked, so that a cached answer is found without parsing its parameters again (a
 * sixteenth of a cached list's server time went to the parser). What a query means depends only on its type's
 * descriptor, which does not change while the process runs, on the view and on its parameters: the key holds the
 * route and the view, the parameters go in normalised as for the response cache ({@code _} ones, which the parser
 * ignores, left out). A refused query is not kept, so it is refused again each time. What is kept may be the query
 * compiled as well (lists keep their statements, a tenth of an uncached list's server time).
 *
 * @param <Q> what is kept of a query
 */
final class ParsedQueries<Q> {
    /** Kept at most; all are dropped when full (a flood of distinct queries only costs the parses it would anyway). */
    static final int MAX_KEPT = 4_096;

    private final Map<String, Q> kept = new ConcurrentHashMap<>();

    /**
     * @param route  the route asked and its type (not an item's id: an item's query is the same for every item)
     * @param view   the view it is read in
     * @param params the parameters, normalised
     * @param parse  parses and checks them (and compiles them, for some); throws when they are refused
     * @return the query, parsed now or earlier
     */
    Q get(String route, View view, String params, Supplier<Q> parse) {
        String key = route + '|' + view + '|' + params;
        Q known = kept.get(key);
        if (known != null) {
            return known;
        }
        Q parsed = parse.get();
        if (kept.size() >= MAX_KEPT) {
            kept.clear();
        }
        kept.put(key, parsed);
        return parsed;
    }
}
