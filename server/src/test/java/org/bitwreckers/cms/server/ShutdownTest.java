package org.bitwreckers.cms.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Shutdown is one ordered sequence: readiness goes down first, a request in flight still completes (and its write is
 * kept), answers given meanwhile ask clients to close their connections, and only then do the listeners and the pool
 * close.
 */
class ShutdownTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void readinessGoesDownFirstAndARequestInFlightCompletes() throws Exception {
        try (TestPlatform cms = TestPlatform.start(Map.of());
             Socket slow = new Socket("127.0.0.1", cms.platform.adminPort())) {
            byte[] body = "{\"data\":{\"title\":\"Written while stopping\",\"category\":\"news\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /admin/v1/content/article HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TestPlatform.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10); // the rest comes once the shutdown has begun
            out.flush();
            assertThat(Await.until(LIMIT, () -> inFlight(cms) == 1), is(true)); // the handler is waiting for the body

            Thread stopping = Thread.ofVirtual().start(cms.platform::close);
            assertThat(Await.until(LIMIT, () -> cms.admin.get("/observe/health/ready").status() == 503), is(true));
            assertThat(stopping.isAlive(), is(true)); // waiting for the request in flight
            List<RawHttp.Response> meanwhile = RawHttp.onOneConnection(cms.platform.port(), "/api/v1/content/article",
                                                                        List.of(), 3);
            assertThat(meanwhile.size(), is(1)); // a proxy's next request goes to another node
            assertThat(meanwhile.getFirst().header("Connection").orElse(""), is("close"));

            out.write(body, 10, body.length - 10);
            out.flush();
            InputStream in = slow.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response, startsWith("HTTP/1.1 201"));
            stopping.join(LIMIT);
            assertThat(stopping.isAlive(), is(false));
            assertThat(cms.database.number("SELECT count(*) FROM documents WHERE data->>'title' = 'Written while stopping'"),
                       is(1L));
        }
    }

    /** @return the requests in flight, as the readiness check reports them */
    private static int inFlight(TestPlatform cms) {
        return cms.admin.get("/observe/health/ready").json().getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals("accepting-requests"))
                .mapToInt(c -> c.getJsonObject("data").getInt("in-flight")).findFirst().orElse(-1);
    }
}
