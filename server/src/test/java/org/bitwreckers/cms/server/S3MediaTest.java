package org.bitwreckers.cms.server;

import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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
import static org.hamcrest.Matchers.is;

/**
 * The media suite on S3, through the AWS SDK against a real S3-compatible server (S3Proxy, in-process on
 * 127.0.0.1, signature v4); plus the store going down.
 */
class S3MediaTest extends MediaSuite {
    private static final String KEY_ID = "test-access-key";
    private static final String SECRET = "test-secret-key-0123456789";
    private static final String BUCKET = "bitwreckers-media";
    private static S3Proxy s3;
    private static TestPlatform cms;
    private static TestSmtp mail;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        s3 = S3Proxy.builder()
                .blobStore(BlobStores.create("transient-nio2", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET)
                .build();
        s3.start();
        String endpoint = "http://127.0.0.1:" + port;
        try (S3Client admin = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                          "AWS_BUCKET_NAME", BUCKET, "AWS_REGION", "us-east-1",
                          "AWS_ENDPOINT_URL", endpoint, "AWS_S3_PATH_STYLE", "true",
                          "MEDIA_MAX_IMAGE_BYTES", "300000", "MEDIA_CDN_URL", "https://cdn.example.org/"));
        cms = TestPlatform.start(env);
    }

    @AfterAll
    static void stop() throws Exception {
        cms.close();
        mail.close();
        if (!"STOPPED".equals(s3.getState())) {
            s3.stop();
        }
    }

    @Override
    TestPlatform cms() {
        return cms;
    }

    @Override
    TestSmtp mail() {
        return mail;
    }

    @Test
    void theStoreBeingDownIsA503AndNothingIsRecorded() throws Exception {
        JsonObject before0 = data(upload(cms, "before.jpg", image("jpg", 40, 40), ""));
        String stored = before0.getString("key");
        assertThat(before0.getString("url"), is("https://cdn.example.org/" + stored)); // public URLs go through the CDN
        long before = cms.database.number("SELECT count(*) FROM media_assets");
        assertThat(storageCheck(), is("UP"));
        s3.stop();
        try {
            // a node that cannot reach its bucket leaves the balancer's rotation
            assertThat(cms.admin.get("/observe/health/ready").status(), is(503));
            assertThat(storageCheck(), is("DOWN"));
            HttpResponse<String> down = send(cms, "down.jpg", image("jpg", 41, 41), "");
            assertThat(down.body(), down.statusCode(), is(503));
            assertThat(down.body(), containsString("Media storage is unavailable"));
            assertThat(cms.database.number("SELECT count(*) FROM media_assets"), is(before));
            assertThat(file(stored).statusCode(), is(503));
        } finally {
            // the other tests of this class ran first or run on their own stores; this one ends the server
        }
    }

    private static String storageCheck() {
        return cms.admin.get("/observe/health/ready").json().getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals("media-storage")).map(c -> c.getString("status")).findFirst()
                .orElseThrow();
    }
}
