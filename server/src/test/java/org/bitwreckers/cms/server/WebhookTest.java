package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.webhook.WebhookService;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Webhooks against a real HTTP receiver on 127.0.0.1: signed payloads for the subscribed events only, retried until
 * the receiver accepts, with a delivery log.
 */
class WebhookTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private record Received(String event, String signature, String body) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
                if (status == 204) {
                    received.add(new Received(exchange.getRequestHeaders().getFirst("X-Bitwreckers-Event"),
                                              exchange.getRequestHeaders().getFirst("X-Bitwreckers-Signature"), body));
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        cms = TestPlatform.start(Map.of("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")); // the receiver listens on loopback
    }

    @AfterEach
    void stop() {
        cms.close();
        receiver.stop(0);
    }

    private JsonObject register(String events) {
        Http.Response r = cms.admin.post("/admin/v1/webhooks", "{\"name\":\"rebuild\",\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\",\"events\":" + events + ",\"types\":[\"article\"]}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject();
    }

    @Test
    void publishingSendsASignedEventOnlyForSubscribedEvents() {
        String secret = register("[\"document.published\",\"document.deleted\"]").getString("secret");
        long id = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Hooked\",\"category\":\"news\"}}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"Not an article\"}}");
        cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
        assertThat(Await.until(LIMIT, () -> received.size() == 1), is(true));
        Received event = received.getFirst();
        assertThat(event.event(), is("document.published"));
        JsonObject body = Json.createReader(new StringReader(event.body())).readObject();
        assertThat(body.getJsonNumber("id").longValue(), is(id));
        assertThat(body.getString("type"), is("article"));
        assertThat(body.getString("event"), is("document.published"));
        String[] parts = event.signature().split(",");
        String timestamp = parts[0].substring("t=".length());
        assertThat(parts[1], is("v1=" + WebhookService.hmac(secret, timestamp + "." + event.body())));
        assertThat(parts[1], not("v1=" + WebhookService.hmac("wrong-secret", timestamp + "." + event.body())));
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAcceptsAndTheLogShowsIt() {
        failuresLeft.set(2);
        long hook = register("[\"document.created\"]").getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Retry me\",\"category\":\"news\"}}");
        assertThat(Await.until(LIMIT, () -> received.size() == 1), is(true));
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/admin/v1/webhooks/" + hook + "/deliveries").data().asJsonArray()
                .getJsonObject(0).getString("status").equals("delivered")), is(true));
        JsonObject delivery = cms.admin.get("/admin/v1/webhooks/" + hook + "/deliveries").data().asJsonArray().getJsonObject(0);
        assertThat(delivery.getInt("attempts"), is(3));
        assertThat(delivery.getInt("response_status"), is(204));
    }

    @Test
    void aLoggedDeliveryIsSentAgainAsANewDelivery() {
        failuresLeft.set(Integer.MAX_VALUE);
        long hook = register("[\"document.created\"]").getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Again\",\"category\":\"news\"}}");
        String deliveries = "/admin/v1/webhooks/" + hook + "/deliveries";
        assertThat(Await.until(LIMIT, () -> cms.admin.get(deliveries).data().asJsonArray().getJsonObject(0)
                .getString("status").equals("failed")), is(true));
        JsonObject failed = cms.admin.get(deliveries).data().asJsonArray().getJsonObject(0);
        failuresLeft.set(0);

        Http.Response again = cms.admin.post(deliveries + "/" + failed.getInt("id") + "/redeliver", null);
        assertThat(again.raw().body(), again.status(), is(202));
        JsonObject fresh = again.data().asJsonObject();
        assertThat(fresh.getInt("id"), not(failed.getInt("id")));
        assertThat(fresh.getString("status"), is("queued"));
        assertThat(fresh.getJsonObject("payload"), is(failed.getJsonObject("payload")));
        assertThat(Await.until(LIMIT, () -> received.size() == 1), is(true));
        assertThat(Json.createReader(new StringReader(received.getFirst().body())).readObject(), is(failed.getJsonObject("payload")));
        assertThat(Await.until(LIMIT, () -> cms.admin.get(deliveries).data().asJsonArray().getJsonObject(0)
                .getString("status").equals("delivered")), is(true));
        // the log keeps both: the failed one as it was, the new one delivered
        assertThat(cms.admin.get(deliveries).data().asJsonArray().size(), is(2));
        assertThat(cms.admin.get(deliveries).data().asJsonArray().getJsonObject(1).getString("status"), is("failed"));

        cms.database.execute("UPDATE webhook_deliveries SET status = 'queued' WHERE id = " + fresh.getInt("id"));
        assertThat(cms.admin.post(deliveries + "/" + fresh.getInt("id") + "/redeliver", null).status(), is(409));
        long other = register("[\"document.deleted\"]").getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/webhooks/" + other + "/deliveries/" + failed.getInt("id") + "/redeliver", null)
                           .status(), is(404));
        assertThat(cms.database.number("SELECT count(*) FROM webhook_deliveries"), is(2L));
    }

    @Test
    void receiversInPrivateNetworksAreRefusedUnlessAllowed() {
        try (TestPlatform strict = TestPlatform.start(Map.of())) {
            for (String url : List.of("http://127.0.0.1:8081/admin", "http://localhost/x", "http://10.0.0.5/hook",
                                      "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
                                      "http://[::1]/x")) {
                Http.Response r = strict.admin.post("/admin/v1/webhooks", "{\"name\":\"x\",\"url\":\"" + url
                        + "\",\"events\":[\"document.created\"]}");
                assertThat(url, r.status(), is(422));
                assertThat(url, r.error().getJsonObject("details").getString("url"),
                           Matchers.containsString("private network"));
            }
        }
    }

    @Test
    void registrationsAreValidatedAndSecretsNeverListed() {
        assertThat(cms.admin.post("/admin/v1/webhooks", "{\"name\":\"x\",\"url\":\"ftp://example.org\",\"events\":[\"nope\"]}")
                           .error().getJsonObject("details").keySet(), is(Set.of("url", "events")));
        register("[\"submission.received\"]");
        cms.admin.get("/admin/v1/webhooks").data().asJsonArray()
                .forEach(w -> assertThat(w.asJsonObject(), not(hasKey("secret"))));
        long id = cms.admin.get("/admin/v1/webhooks").data().asJsonArray().getJsonObject(0).getJsonNumber("id").longValue();
        assertThat(cms.admin.patch("/admin/v1/webhooks/" + id, "{\"active\":false}").data().asJsonObject()
                           .getBoolean("active"), is(false));
        assertThat(cms.admin.delete("/admin/v1/webhooks/" + id).status(), is(200));
        assertThat(cms.admin.delete("/admin/v1/webhooks/" + id).status(), is(404));
    }
}
