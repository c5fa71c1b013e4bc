package org.bitwreckers.cms.http.route;

import java.util.ArrayList;
import java.util.List;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * A mount's matcher answers as Helidon's own for its template, and asks Helidon's (a regular expression) only about
 * paths that begin with the template's literal start.
 */
class TemplatePathTest {
    private static final List<String> TEMPLATES = List.of(
            "/api/v1/content/{type}", "/api/v1/content/{type}/{slug}", "/api/v1/search",
            "/admin/v1/users/{id}/roles", "/admin/v1/content/{type}/{id}/versions/{version}", "/media/{+path}",
            "/api/v1/events/{id}/registrations", "/admin/v1/plugins/{id}[/{action}]", "/docs/*");
    private static final List<String> PATHS = List.of(
            "/api/v1/content/project", "/api/v1/content/project/", "/api/v1/content/project/northwind",
            "/api/v1/content/project/northwind/extra", "/api/v1/content", "/api/v1/contents/project",
            "/api/v1/search", "/api/v1/search/", "/admin/v1/users/7/roles", "/admin/v1/users//roles",
            "/admin/v1/content/project/12/versions/3", "/media/a/b/c.png", "/media/", "/media",
            "/api/v1/events/3/registrations", "/admin/v1/plugins/events", "/admin/v1/plugins/events/enable",
            "/docs/index.html", "/docs", "/", "/api/v1/content/caf%C3%A9", "/API/v1/content/project");

    @Test
    void answersAsHelidonsMatcherForEveryTemplateAndPath() {
        List<String> differences = new ArrayList<>();
        for (String template : TEMPLATES) {
            PathMatcher helidon = PathMatchers.create(template);
            PathMatcher ours = TemplatePath.of(template);
            for (String path : PATHS) {
                UriPath uri = UriPath.create(path);
                PathMatchers.MatchResult expected = helidon.match(uri);
                PathMatchers.MatchResult actual = ours.match(uri);
                if (expected.accepted() != actual.accepted() || expected.accepted()
                        && !expected.path().pathParameters().toMap().equals(actual.path().pathParameters().toMap())) {
                    differences.add(template + " " + path + ": " + expected + " / " + actual);
                }
                if (helidon.prefixMatch(uri).accepted() != ours.prefixMatch(uri).accepted()) {
                    differences.add(template + " " + path + " as a prefix");
                }
            }
        }
        assertThat(differences, empty());
    }

    @Test
    void helidonsMatcherIsAskedOnlyAboutPathsWithTheLiteralStart() {
        List<String> asked = new ArrayList<>();
        PathMatcher helidon = PathMatchers.create("/api/v1/content/{type}");
        PathMatcher counting = new PathMatcher() {
            @Override
            public PathMatchers.MatchResult match(UriPath path) {
                asked.add(path.path());
                return helidon.match(path);
            }

            @Override
            public PathMatchers.PrefixMatchResult prefixMatch(UriPath path) {
                asked.add(path.path());
                return helidon.prefixMatch(path);
            }
        };
        PathMatcher ours = TemplatePath.of("/api/v1/content/{type}", counting);
        for (String path : List.of("/api/v1/search", "/api/v1/auth/login", "/api/v1/contact/submit")) {
            assertThat(ours.match(UriPath.create(path)).accepted(), is(false));
        }
        assertThat(asked, empty());
        assertThat(ours.match(UriPath.create("/api/v1/content/project")).accepted(), is(true));
        assertThat(asked, is(List.of("/api/v1/content/project")));
        assertThat(TemplatePath.of("/api/v1/search", counting), is(counting)); // no parameters: Helidon's exact one
    }
}
