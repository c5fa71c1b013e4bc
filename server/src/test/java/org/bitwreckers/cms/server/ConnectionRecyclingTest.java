package org.bitwreckers.cms.server;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A kept-alive connection carries a bounded number of requests on both listeners: the last answer asks the client to
 * close it (see {@link ConnectionRecycling} for the memory a long connection would hold), and a new connection is
 * served as usual.
 */
class ConnectionRecyclingTest {
    @Test
    void aConnectionIsAskedToCloseAfterItsShareOfRequestsOnEachListener() {
        int share = ConnectionRecycling.REQUESTS_PER_CONNECTION;
        try (TestPlatform cms = TestPlatform.start(Map.of())) {
            assertRecycled(cms.platform.port(), "/api/v1/content/article?pageSize=1", List.of(), share);
            assertRecycled(cms.platform.adminPort(), "/admin/v1/types",
                           List.of("Authorization: Bearer " + TestPlatform.ADMIN_TOKEN), share);
        }
    }

    private static void assertRecycled(int port, String target, List<String> headers, int share) {
        List<RawHttp.Response> responses = RawHttp.onOneConnection(port, target, headers, share + 5);
        assertThat(target + " answers on one connection", responses.size(), is(share));
        for (int i = 0; i < share - 1; i++) {
            assertThat(target + " #" + (i + 1), responses.get(i).status(), is(200));
            assertThat(target + " #" + (i + 1), responses.get(i).header("Connection").orElse(""), is("keep-alive"));
        }
        assertThat(target, responses.getLast().status(), is(200));
        assertThat(target, responses.getLast().header("Connection").orElse(""), is("close"));
        assertThat("a new connection", RawHttp.onOneConnection(port, target, headers, 2).getLast().status(), is(200));
    }
}
