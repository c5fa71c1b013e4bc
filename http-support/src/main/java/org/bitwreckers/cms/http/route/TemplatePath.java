package org.bitwreckers.cms.http.route;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;

/**
 * Helidon's matcher of a path template, asked only when the request's path begins with the template's literal start
 * (up to the slash before its first parameter, optional part or wildcard).
 * Helidon tries a listener's routes in order, and its matcher runs a regular expression for each template it is
 * asked about: a request for a route declared late (search, the site's forms) ran one per templated route before it,
 * about 7 % of a cached search's request thread. Paths without parameters keep Helidon's exact matcher.
 */
final class TemplatePath implements PathMatcher {
    private final String literalStart;
    private final PathMatcher template;

    private TemplatePath(String literalStart, PathMatcher template) {
        this.literalStart = literalStart;
        this.template = template;
    }

    /**
     * @param path a mount's path, as Helidon takes it
     * @return Helidon's matcher for it, behind a check of its literal start when it has parameters
     */
    static PathMatcher of(String path) {
        return of(path, PathMatchers.create(path));
    }

    /**
     * @param path     a mount's path
     * @param template the matcher made from it
     * @return the matcher, behind a check of the path's literal start when it has parameters
     */
    static PathMatcher of(String path, PathMatcher template) {
        int special = firstSpecial(path);
        if (special < 0) {
            return template;
        }
        // up to the slash before it: Helidon takes the slash before a wildcard or an optional part as optional too
        return new TemplatePath(path.substring(0, Math.max(0, path.lastIndexOf('/', special))), template);
    }

    /** @return where the template's first parameter, optional part or wildcard begins, or -1 */
    private static int firstSpecial(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{' || c == '[' || c == '*' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public PathMatchers.MatchResult match(UriPath path) {
        return path.path().startsWith(literalStart) ? template.match(path) : PathMatchers.MatchResult.notAccepted();
    }

    @Override
    public PathMatchers.PrefixMatchResult prefixMatch(UriPath path) {
        return path.path().startsWith(literalStart) ? template.prefixMatch(path)
                : PathMatchers.PrefixMatchResult.notAccepted();
    }

    @Override
    public String toString() {
        return template.toString();
    }
}
