package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * HTTPS on both listeners (the delivery listener from PEM files, the admin listener from a PKCS12 keystore) with a
 * self-signed certificate made by the JDK's keytool, the admin listener on its own address (ADMIN_HOST), and
 * certificate files that cannot be used stopping start-up with one line naming each.
 */
class TransportTest {
    private static final String PASSWORD = "keystore-pass-1";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path certPem;
    private static Path keyPem;

    @BeforeAll
    static void certificate() throws Exception {
        keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                                             "-genkeypair", "-alias", "cms", "-keyalg", "RSA", "-keysize", "2048",
                                             "-validity", "2", "-dname", "CN=localhost",
                                             "-ext", "san=ip:127.0.0.1,ip:127.0.0.2,dns:localhost",
                                             "-storetype", "PKCS12", "-keystore", keystore.toString(),
                                             "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, is(true));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        certPem = Files.writeString(dir.resolve("chain.pem"), pem("CERTIFICATE", store.getCertificate("cms").getEncoded()));
        keyPem = Files.writeString(dir.resolve("key.pem"),
                                   pem("PRIVATE KEY", store.getKey("cms", PASSWORD.toCharArray()).getEncoded()));
    }

    @Test
    void bothListenersServeHttpsAndTheAdminListenerBindsItsOwnAddress() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "HOST", "127.0.0.1", "ADMIN_HOST", "127.0.0.2",
                "TLS_CERT_FILE", certPem.toString(), "TLS_KEY_FILE", keyPem.toString(),
                "ADMIN_TLS_KEYSTORE_FILE", keystore.toString(),
                "ADMIN_TLS_KEYSTORE_PASSWORD_FILE", Files.writeString(dir.resolve("p12pass"), PASSWORD + "\n").toString()));
        try (TestPlatform cms = TestPlatform.start(env)) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting()).build();
            String delivery = "https://127.0.0.1:" + cms.platform.port();
            String admin = "https://127.0.0.2:" + cms.platform.adminPort();

            assertThat(get(trusting, delivery + "/api/v1/content/company", null).statusCode(), is(200));
            HttpResponse<String> adminList = get(trusting, admin + "/admin/v1/content/company", TestPlatform.ADMIN_TOKEN);
            assertThat(adminList.body(), adminList.statusCode(), is(200));
            assertThat(get(trusting, admin + "/observe/health/ready", null).statusCode(), is(200));

            // a client that does not trust the certificate, or speaks plain HTTP, gets nothing
            HttpClient ordinary = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> get(ordinary, delivery + "/api/v1/content/company", null));
            assertThrows(IOException.class, () -> get(ordinary, "http://127.0.0.1:" + cms.platform.port()
                    + "/api/v1/content/company", null));

            // each listener is bound to its own address only
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", cms.platform.adminPort()).close());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", cms.platform.port()).close());
        }
    }

    @Test
    void unusableCertificatesStopStartUpNamingEachSetting() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n"
                + "-----END PRIVATE KEY-----\n");
        Map<String, String> env = new HashMap<>(Map.of(
                "TLS_CERT_FILE", certPem.toString(), "TLS_KEY_FILE", garbage.toString(),
                "ADMIN_TLS_KEYSTORE_FILE", keystore.toString(), "ADMIN_TLS_KEYSTORE_PASSWORD", "wrong password"));
        try (TestDatabase database = new TestDatabase()) {
            SettingsException e = assertThrows(SettingsException.class, () -> Platform.start(
                    SettingsLoader.load(TestPlatform.env(database, env))));
            assertThat(e.problems().toString(), e.problems(), hasSize(2));
            assertThat(e.problems().get(0), containsString("TLS_CERT_FILE/TLS_KEY_FILE cannot be used"));
            assertThat(e.problems().get(1), containsString("ADMIN_TLS_KEYSTORE_FILE/ADMIN_TLS_KEYSTORE_PASSWORD cannot be used"));
            assertThat(e.getMessage(), not(containsString("wrong password")));

            // the operator's view: one line on standard error and exit code 1
            Map<String, String> nodeEnv = new HashMap<>(TestPlatform.env(database, env));
            try (NodeProcess node = NodeProcess.start("bad-tls", nodeEnv, List.of())) {
                assertThat(node.exitCode(Duration.ofSeconds(60)), is(1));
                List<String> lines = node.output().lines().filter(l -> l.startsWith("bitwreckers: cannot start")).toList();
                assertThat(node.output(), lines, hasSize(1));
                assertThat(lines.get(0), containsString("TLS_CERT_FILE/TLS_KEY_FILE cannot be used"));
                assertThat(lines.get(0), containsString("ADMIN_TLS_KEYSTORE_FILE/ADMIN_TLS_KEYSTORE_PASSWORD cannot be used"));
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("cms" + trust.size(), c);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
