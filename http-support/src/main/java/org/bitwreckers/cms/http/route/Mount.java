package org.bitwreckers.cms.http.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

/**
 * One route: where it is, who may call it, what answers it and what it promises.
 *
 * @param listener the listener it is mounted on
 * @param method   its HTTP method
 * @param path     its path template, with {@code {name}} parameters
 * @param access   who may call it
 * @param handler  what answers it
 * @param contract what it promises, for the OpenAPI documents
 * @param origin   who declared it: {@link #PLATFORM}, {@link #SITE} or a plugin's id
 */
public record Mount(Listener listener, Method method, String path, Access access, Handler handler, Contract contract,
                    String origin) {
    /** The origin of the platform's own routes. */
    public static final String PLATFORM = "platform";
    /** The origin of the routes the site declares in {@code content-types/routes/}. */
    public static final String SITE = "site";
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    /** @return the id of the plugin that declared it; empty for the platform's and the site's routes */
    public Optional<String> plugin() {
        return origin.equals(PLATFORM) || origin.equals(SITE) ? Optional.empty() : Optional.of(origin);
    }

    /** @return the path with every parameter as {@code {}}: two mounts with the same shape answer the same paths */
    public String shape() {
        return PARAM.matcher(path).replaceAll("{}");
    }

    /** @return the names of the path parameters, in order */
    public List<String> pathParams() {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * @param requestPath a request's path
     * @return whether this mount's template matches it
     */
    public boolean matches(String requestPath) {
        int count = segmentCount(path);
        return segmentCount(requestPath) == count && segmentsMatched(requestPath) == count;
    }

    /**
     * Compares the two paths in place, segment by segment: this runs for many mounts on every request, and splitting
     * both paths each time was a twentieth of a form submission's work.
     *
     * @param requestPath a request's path
     * @return how many leading segments of it this template matches (a parameter matches any one segment)
     */
    public int segmentsMatched(String requestPath) {
        int matched = 0;
        int mine = 1; // both start with "/"
        int theirs = 1;
        while (true) {
            int mineEnd = segmentEnd(path, mine);
            int theirsEnd = segmentEnd(requestPath, theirs);
            boolean same = path.startsWith("{", mine) || mineEnd - mine == theirsEnd - theirs
                    && path.regionMatches(mine, requestPath, theirs, mineEnd - mine);
            if (!same) {
                return matched;
            }
            matched++;
            if (mineEnd == path.length() || theirsEnd == requestPath.length()) {
                return matched;
            }
            mine = mineEnd + 1;
            theirs = theirsEnd + 1;
        }
    }

    /**
     * @param path a path starting with "/"
     * @return its number of segments: one per "/", an empty last one included
     */
    public static int segmentCount(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    private static int segmentEnd(String path, int start) {
        int slash = path.indexOf('/', start);
        return slash < 0 ? path.length() : slash;
    }

    /** @return the resource it belongs to: the path up to the first segment after the API's version */
    public String resource() {
        String[] s = segments(path);
        int depth = s.length > 2 && s[1].equals("v1") ? 3 : 1;
        return "/" + String.join("/", Arrays.copyOf(s, Math.min(depth, s.length)));
    }

    /**
     * Every status this route can answer: the success status, those its contract names, and those that follow from
     * its access (401, 403), its path parameters (404), its body (400, 413, 415) and the database gate (503).
     *
     * @return the statuses, in order
     */
    public Set<Integer> statuses() {
        Set<Integer> all = new TreeSet<>(contract.errors());
        all.add(contract.reply().status());
        if (access.signedIn()) {
            all.add(401);
        }
        if (access instanceof Access.Admin || access instanceof Access.Roles) {
            all.add(403);
        }
        if (!pathParams().isEmpty()) {
            all.add(404);
        }
        contract.request().ifPresent(body -> {
            all.add(400);
            all.add(413);
            all.add(415);
        });
        all.add(503);
        return all;
    }

    /**
     * A name generated clients can use for a route declared as data (the site's, a plugin's).
     *
     * @param method the HTTP method
     * @param words  text whose letters and digits make the name, such as the path
     * @return the method in lower case, then each word capitalised: {@code getPortfolioProjectsKey}
     */
    public static String operationId(String method, String words) {
        StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String word : words.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }

    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    @Override
    public String toString() {
        return method.text() + " " + path;
    }
}
