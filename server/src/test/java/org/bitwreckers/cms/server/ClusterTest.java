package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Three nodes, each its own JVM, on one database behind HAProxy (Debian's package) on loopback, as an operator runs
 * them; every request below goes through the balancer unless it checks one node. The nodes take their S3 credentials
 * from the AWS SDK's default chain (JVM system properties here; an instance role in production).
 */
class ClusterTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration PUBLISH_LIMIT = Duration.ofSeconds(1);
    private static final String KEY_ID = "cluster-access-key";
    private static final String SECRET = "cluster-secret-key-0123456789";
    private static final String BUCKET = "cluster-media";
    private static final String ADMIN_EMAIL = "ops@example.org";
    private static final String ADMIN_PASSWORD = "cluster admin pass";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static TestDatabase database;
    private static S3Proxy s3;
    private static final List<NodeProcess> NODES = new ArrayList<>();
    private static Process haproxy;
    private static Http delivery;
    private static Http admin;

    @BeforeAll
    static void start() throws Exception {
        database = new TestDatabase();
        String s3Endpoint = startS3();
        NodeProcess first = node(1, s3Endpoint); // the first start migrates the schema and creates the admin
        NODES.add(first);
        assertThat(first.output(), first.awaitReady(START), is(true));
        NODES.add(node(2, s3Endpoint));
        NODES.add(node(3, s3Endpoint));
        for (NodeProcess node : NODES) {
            assertThat(node.output(), node.awaitReady(START), is(true));
        }
        int deliveryPort = NodeProcess.freePort();
        int adminPort = NodeProcess.freePort();
        int statsPort = NodeProcess.freePort();
        haproxy = startBalancer(deliveryPort, adminPort, statsPort);
        delivery = new Http("http://127.0.0.1:" + deliveryPort, null);
        admin = new Http("http://127.0.0.1:" + adminPort, TestPlatform.ADMIN_TOKEN);
        // HAProxy's own view: every node of both backends passed its readiness check
        assertThat(Await.until(WAIT, () -> serversUp("http://127.0.0.1:" + statsPort + "/stats;csv") == 2 * NODES.size()),
                   is(true));
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor();
        }
        NODES.forEach(NodeProcess::close);
        if (s3 != null) {
            s3.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void threeNodesBehindABalancerActAsOne() throws Exception {
        aPublishIsVisibleOnEveryNodeWithinASecond();
        scheduledPublishingAndRecurringJobsRunOnce();
        aNotificationReachesTheUsersStreamOnEveryNode();
        signInLimitsHoldOnEveryNode();
        mediaServesFromEveryNode();
        killingANodeLosesNoAcknowledgedWrite();
    }

    private void aPublishIsVisibleOnEveryNodeWithinASecond() {
        long id = created(admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"Before\"}}"));
        assertThat(admin.post("/admin/v1/content/company/" + id + "/publish", null).status(), is(200));
        for (NodeProcess node : NODES) { // every node serves, and caches, the first version
            assertThat(Await.until(WAIT, () -> name(node, id).equals("Before")), is(true));
        }
        admin.patch("/admin/v1/content/company/" + id, "{\"data\":{\"name\":\"After\"}}");
        assertThat(admin.post("/admin/v1/content/company/" + id + "/publish", null).status(), is(200));
        Instant published = Instant.now();
        for (NodeProcess node : NODES) {
            Duration left = PUBLISH_LIMIT.minus(Duration.between(published, Instant.now()));
            assertThat(node.name + " still serves the old version a second after the publish",
                       Await.until(left, () -> name(node, id).equals("After")), is(true));
        }
    }

    private void scheduledPublishingAndRecurringJobsRunOnce() {
        long article = created(admin.post("/admin/v1/content/article",
                                          "{\"data\":{\"title\":\"Timed\",\"category\":\"news\"}}"));
        Http.Response scheduled = admin.put("/admin/v1/content/article/" + article + "/schedule",
                                            "{\"publish_at\":\"" + Instant.now().plusSeconds(1) + "\"}");
        assertThat(scheduled.raw().body(), scheduled.status(), is(200));
        // every node now runs the housekeeping job every second
        database.execute("UPDATE recurring_jobs SET interval_seconds = 1, next_run_at = now() WHERE name = 'housekeeping'");
        Instant recurringFrom = Instant.now();

        assertThat(Await.until(WAIT, () -> delivery.get("/api/v1/content/article/" + article).status() == 200), is(true));
        assertThat(Await.until(WAIT, () -> database.number("SELECT count(*) FROM jobs WHERE kind = 'content.schedule'"
                + " AND status = 'done'") == 1), is(true));
        assertThat(database.number("SELECT count(*) FROM jobs WHERE kind = 'content.schedule'"), is(1L));
        assertThat(database.number("SELECT max(attempts) FROM jobs WHERE kind = 'content.schedule'"), is(1L));
        assertThat(database.number("SELECT count(*) FROM document_versions WHERE document_id = " + article), is(1L));

        String occurrences = "FROM jobs WHERE idempotency_key LIKE 'recurring:housekeeping@%'";
        assertThat(Await.until(WAIT, () -> database.number("SELECT count(*) " + occurrences + " AND status = 'done'") >= 3),
                   is(true));
        database.execute("UPDATE recurring_jobs SET interval_seconds = 86400, next_run_at = now() + interval '1 day'"
                                 + " WHERE name = 'housekeeping'");
        long seconds = Duration.between(recurringFrom, Instant.now()).toSeconds();
        // one occurrence a second across all three nodes, not three; each ran once
        assertThat(database.number("SELECT count(*) " + occurrences + " AND created_at >= now() - interval '"
                                           + (seconds + 2) + " seconds'") <= seconds + 2, is(true));
        assertThat(database.number("SELECT count(*) " + occurrences + " AND attempts > 1"), is(0L));
    }

    private void aNotificationReachesTheUsersStreamOnEveryNode() throws Exception {
        database.execute("INSERT INTO users (email, full_name) VALUES ('nod@example.org', 'Nod')");
        long user = database.number("SELECT id FROM users WHERE email = 'nod@example.org'");
        List<EventStreamClient> streams = new ArrayList<>();
        try {
            for (NodeProcess node : NODES) {
                EventStreamClient stream = EventStreamClient.open(
                        "http://127.0.0.1:" + node.adminPort + "/admin/v1/users/" + user + "/notifications/stream",
                        "Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN);
                streams.add(stream);
                assertThat(stream.next(": connected", WAIT), notNullValue());
            }
            // sent through the balancer by one node: the streams on the two others receive it too
            Http.Response sent = admin.post("/admin/v1/users/" + user + "/notifications",
                                            "{\"kind\":\"test\",\"title\":\"Across the cluster\"}");
            assertThat(sent.status(), is(201));
            for (EventStreamClient stream : streams) {
                assertThat(stream.next("data: ", WAIT), containsString("Across the cluster"));
            }
        } finally {
            streams.forEach(EventStreamClient::close);
        }
    }

    private void signInLimitsHoldOnEveryNode() {
        String wrong = "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"not the password\"}";
        // round robin: the two failures land on two nodes, the third attempt on the third
        assertThat(delivery.post("/api/v1/auth/login", wrong).status(), is(401));
        assertThat(delivery.post("/api/v1/auth/login", wrong).status(), is(401));
        assertThat(delivery.post("/api/v1/auth/login", wrong).status(), is(429));
        for (NodeProcess node : NODES) {
            Http direct = new Http("http://127.0.0.1:" + node.port, null);
            assertThat(node.name, direct.post("/api/v1/auth/login", wrong).status(), is(429));
        }
    }

    private void mediaServesFromEveryNode() throws Exception {
        HttpResponse<String> uploaded = MediaSuite.send(admin.base() + "/admin/v1/media", TestPlatform.ADMIN_TOKEN,
                                                        "cluster.jpg", MediaSuite.image("jpg", 48, 32), "");
        assertThat(uploaded.body(), uploaded.statusCode(), is(201));
        String key = MediaSuite.data(uploaded.body()).getString("key");
        byte[] stored = bytes(delivery.base() + "/media/" + key).body();
        assertThat(stored.length, greaterThan(0));
        for (NodeProcess node : NODES) {
            HttpResponse<byte[]> served = bytes("http://127.0.0.1:" + node.port + "/media/" + key);
            assertThat(node.name, served.statusCode(), is(200));
            assertThat(node.name, served.body(), is(stored));
        }
    }

    private void killingANodeLosesNoAcknowledgedWrite() throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int n = 0; writing.get(); n++) {
                    try {
                        Http.Response r = admin.post("/admin/v1/content/company",
                                                     "{\"data\":{\"name\":\"w" + writer + "-" + n + "\"}}");
                        if (r.status() == 201) {
                            acknowledged.add(r.data().asJsonObject().getJsonNumber("id").longValue());
                            if (killed.get()) {
                                afterKill.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException e) {
                        // a request cut off by the kill is not acknowledged; the client would retry it
                    }
                }
            }));
        }
        assertThat(Await.until(WAIT, () -> acknowledged.size() >= 20), is(true));
        NODES.get(1).kill();
        killed.set(true);
        assertThat(Await.until(WAIT, () -> afterKill.get() >= 40), is(true)); // the balancer moved on
        writing.set(false);
        for (Thread writer : writers) {
            writer.join(WAIT);
        }
        String ids = acknowledged.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<Long> missing = new ArrayList<>(acknowledged);
        missing.removeAll(database.numbers("SELECT id FROM documents WHERE id IN (" + ids + ")"));
        assertThat(missing, is(empty()));
    }

    private static long created(Http.Response r) {
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }

    private static String name(NodeProcess node, long id) {
        Http.Response r = new Http("http://127.0.0.1:" + node.port, null).get("/api/v1/content/company/" + id);
        return r.status() == 200 ? r.data().asJsonObject().getString("name") : "";
    }

    private static HttpResponse<byte[]> bytes(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** @return how many servers HAProxy's statistics (CSV: proxy, server, ..., status in column 18) list as UP */
    private static long serversUp(String statsUrl) {
        try {
            String csv = CLIENT.send(HttpRequest.newBuilder(URI.create(statsUrl)).build(),
                                     HttpResponse.BodyHandlers.ofString()).body();
            return csv.lines().map(l -> l.split(",", -1))
                    .filter(f -> f.length > 17 && !f[1].equals("FRONTEND") && !f[1].equals("BACKEND"))
                    .filter(f -> f[17].equals("UP")).count();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static NodeProcess node(int number, String s3Endpoint) {
        Map<String, String> extra = new HashMap<>();
        extra.put("PORT", String.valueOf(NodeProcess.freePort()));
        extra.put("ADMIN_PORT", String.valueOf(NodeProcess.freePort()));
        extra.put("ADMIN_EMAIL", ADMIN_EMAIL);
        extra.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        extra.put("RATE_LIMIT_FAILED_LOGINS", "2");
        extra.put("RATE_LIMIT_WINDOW_SECONDS", "300");
        extra.put("TRUSTED_PROXIES", "127.0.0.1"); // HAProxy says who the client is (X-Forwarded-For)
        extra.put("AWS_BUCKET_NAME", BUCKET);
        extra.put("AWS_REGION", "us-east-1");
        extra.put("AWS_ENDPOINT_URL", s3Endpoint);
        extra.put("AWS_S3_PATH_STYLE", "true");
        Map<String, String> env = TestPlatform.env(database, extra);
        assertThat(env.containsKey("AWS_ACCESS_KEY_ID"), is(false)); // credentials come from the default chain
        return NodeProcess.start(database.name() + "-node" + number, env,
                                 List.of("-Daws.accessKeyId=" + KEY_ID, "-Daws.secretAccessKey=" + SECRET));
    }

    private static String startS3() {
        int port = NodeProcess.freePort();
        String endpoint = "http://127.0.0.1:" + port;
        s3 = S3Proxy.builder().blobStore(BlobStores.create("transient-nio2", new Properties()))
                .endpoint(URI.create(endpoint)).awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET).build();
        try {
            s3.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (S3Client client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build()) {
            client.createBucket(b -> b.bucket(BUCKET));
        }
        return endpoint;
    }

    /** HAProxy in the foreground: round robin over the nodes, each checked on its readiness endpoint. */
    private static Process startBalancer(int deliveryPort, int adminPort, int statsPort) throws IOException {
        StringBuilder config = new StringBuilder("""
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    option forwardfor
                    retries 2
                    option redispatch
                    timeout check 5s
                    default-server inter 300ms fall 2 rise 1

                frontend delivery
                    bind 127.0.0.1:%d
                    default_backend delivery_nodes

                frontend admin
                    bind 127.0.0.1:%d
                    default_backend admin_nodes

                frontend stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(deliveryPort, adminPort, statsPort));
        for (String listener : List.of("delivery", "admin")) {
            config.append("\nbackend ").append(listener).append("_nodes\n    balance roundrobin\n")
                    .append("    option httpchk\n")
                    .append("    http-check send meth GET uri /observe/health/ready ver HTTP/1.1 hdr Host localhost\n")
                    .append("    http-check expect status 200\n");
            for (NodeProcess node : NODES) {
                int port = listener.equals("delivery") ? node.port : node.adminPort;
                config.append("    server ").append(node.name).append(" 127.0.0.1:").append(port)
                        .append(" check port ").append(node.adminPort).append('\n');
            }
        }
        Path dir = Files.createDirectories(Path.of("target", "nodes"));
        Path file = Files.writeString(dir.resolve(database.name() + "-haproxy.cfg"), config.toString());
        return new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(database.name() + "-haproxy.log").toFile()).start();
    }
}
