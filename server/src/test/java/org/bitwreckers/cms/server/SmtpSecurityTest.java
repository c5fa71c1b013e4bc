package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SMTP credentials never cross an unencrypted connection: STARTTLS is required (a server that does not offer it gets
 * neither the credentials nor the mail), implicit TLS works with a verified certificate, and plain SMTP with
 * credentials does not start. GreenMail serves SMTPS with a test-only certificate for 127.0.0.1
 * ({@code smtp-tls/server.p12}); the platform trusts it only through SMTP_CA_FILE.
 */
class SmtpSecurityTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Path TLS = Path.of("src/test/resources/smtp-tls").toAbsolutePath();
    private static final String USER = "relay@bitwreckers.test";
    private static final String PASSWORD = "relay passphrase";

    @BeforeAll
    static void useTheTestCertificate() {
        // GreenMail's own certificate names no host; this one names 127.0.0.1, so host name checks stay on
        System.setProperty("greenmail.tls.keystore.file", TLS.resolve("server.p12").toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static Map<String, String> smtp(int port, String security) {
        Map<String, String> env = new HashMap<>(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(port),
                                                       "SMTP_USERNAME", USER, "SMTP_PASSWORD", PASSWORD,
                                                       "JOB_BACKOFF_SECONDS", "0.2"));
        if (security != null) {
            env.put("SMTP_SECURITY", security);
        }
        return env;
    }

    private static void submit(TestPlatform cms) {
        assertThat(cms.delivery.post("/api/v1/messages", "{\"name\":\"Tess\",\"email\":\"tess@example.org\","
                + "\"message\":\"Hello\"}").status(), is(201));
    }

    private static String awaitError(TestPlatform cms) {
        assertThat(Await.until(LIMIT, () -> cms.database.number(
                "SELECT count(*) FROM mail_messages WHERE last_error IS NOT NULL") >= 1), is(true));
        return cms.database.text("SELECT last_error FROM mail_messages WHERE last_error IS NOT NULL LIMIT 1");
    }

    @Test
    void implicitTlsDeliversWithCredentialsToAVerifiedServer() throws IOException {
        GreenMail smtps = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtps.setUser(USER, USER, PASSWORD);
        smtps.start();
        Map<String, String> env = smtp(smtps.getSmtps().getPort(), "tls");
        env.put("SMTP_CA_FILE", TLS.resolve("ca.pem").toString());
        try (TestPlatform cms = TestPlatform.start(env)) {
            submit(cms);
            assertThat(smtps.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
            assertThat(Await.until(LIMIT, () -> cms.database.number(
                    "SELECT count(*) FROM mail_messages WHERE status = 'sent'") == 2), is(true));
        } finally {
            smtps.stop();
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws IOException {
        GreenMail smtps = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtps.start();
        // the first test without SMTP_CA_FILE: the JDK's authorities do not know the test certificate
        try (TestPlatform cms = TestPlatform.start(smtp(smtps.getSmtps().getPort(), "tls"))) {
            submit(cms);
            assertThat(awaitError(cms), containsString("Could not connect to SMTP host"));
            assertThat(smtps.getReceivedMessages().length, is(0));
            assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE status = 'sent'"), is(0L));
        } finally {
            smtps.stop();
        }
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNeitherCredentialsNorMail() throws IOException {
        try (TestSmtp plain = new TestSmtp(); TestPlatform cms = TestPlatform.start(smtp(plain.port, null))) {
            submit(cms);
            assertThat(awaitError(cms), containsString("STARTTLS"));
            assertThat(plain.server.getReceivedMessages().length, is(0));
            assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE status = 'sent'"), is(0L));
        }
    }

    @Test
    void plainSmtpWithCredentialsDoesNotStart() {
        Map<String, String> env = new HashMap<>(TestPlatform.env(new TestDatabase(), smtp(2525, "none")));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));
        assertThat(e.getMessage(), containsString("SMTP_SECURITY=none would send SMTP_USERNAME/SMTP_PASSWORD unencrypted"));
        env.put("SMTP_SECURITY", "ssl3");
        assertThat(assertThrows(SettingsException.class, () -> SettingsLoader.load(env)).getMessage(),
                   containsString("SMTP_SECURITY must be starttls, tls or none (got 'ssl3')"));
    }
}
