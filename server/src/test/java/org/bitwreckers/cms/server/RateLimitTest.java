package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Rate limits on public writes: a client over the limit gets 429 with Retry-After and nothing is stored; the limit
 * recovers after its window; failed sign-ins slow down the failing client on that account, even with the right
 * password (other clients are not held back: see SessionTest).
 */
class RateLimitTest {
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @Test
    void formPostsOverTheLimitAre429AndRecover() {
        try (TestPlatform cms = TestPlatform.start(Map.of("RATE_LIMIT_WINDOW_SECONDS", "2", "RATE_LIMIT_FORMS", "2"))) {
            String message = "{\"name\":\"N\",\"email\":\"n@example.org\",\"message\":\"hello\"}";
            assertThat(cms.delivery.post("/api/v1/messages", message).status(), is(201));
            assertThat(cms.delivery.post("/api/v1/messages", message).status(), is(201));
            long stored = cms.database.number("SELECT count(*) FROM documents");
            Http.Response limited = cms.delivery.post("/api/v1/messages", message);
            assertThat(limited.status(), is(429));
            assertThat(limited.error().getString("code"), is("TOO_MANY_REQUESTS"));
            assertThat(Integer.parseInt(limited.header("Retry-After").orElseThrow()) >= 1, is(true));
            assertThat(cms.database.number("SELECT count(*) FROM documents"), is(stored));
            assertThat(cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"a@example.org\"}").status(), is(429));
            assertThat(Await.until(LIMIT, () -> cms.delivery.post("/api/v1/messages", message).status() == 201), is(true));
        }
    }

    @Test
    void repeatedFailedSignInsSlowDownTheAccount() throws IOException {
        TestSmtp mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("RATE_LIMIT_WINDOW_SECONDS", "3", "RATE_LIMIT_FAILED_LOGINS", "2", "SECRET_KEY", "q".repeat(40)));
        try (mail; TestPlatform cms = TestPlatform.start(env)) {
            SignUp.member(cms.delivery, mail, "tina@example.org", "right passphrase", "Tina");
            String wrong = "{\"email\":\"tina@example.org\",\"password\":\"wrong passphrase\"}";
            String right = "{\"email\":\"tina@example.org\",\"password\":\"right passphrase\"}";
            assertThat(cms.delivery.post("/api/v1/auth/login", wrong).status(), is(401));
            assertThat(cms.delivery.post("/api/v1/auth/login", wrong).status(), is(401));
            Http.Response locked = cms.delivery.post("/api/v1/auth/login", right);
            assertThat(locked.status(), is(429));
            assertThat(locked.header("Retry-After").isPresent(), is(true));
            assertThat(cms.delivery.post("/api/v1/auth/login", "{\"email\":\"other@example.org\",\"password\":\"x y z w v\"}")
                               .status(), is(401)); // other accounts are not affected
            assertThat(Await.until(LIMIT, () -> cms.delivery.post("/api/v1/auth/login", right).status() == 200), is(true));
        }
    }

    @Test
    void behindATrustedProxyEachClientHasItsOwnLimit() {
        try (TestPlatform cms = TestPlatform.start(Map.of("RATE_LIMIT_FORMS", "1", "TRUSTED_PROXIES", "127.0.0.1"))) {
            String message = "{\"name\":\"N\",\"email\":\"n@example.org\",\"message\":\"hello\"}";
            Http.Response first = cms.delivery.send("POST", "/api/v1/messages", message, "application/json",
                                                    "X-Forwarded-For", "203.0.113.7");
            assertThat(first.status(), is(201));
            assertThat(cms.delivery.send("POST", "/api/v1/messages", message, "application/json",
                                         "X-Forwarded-For", "203.0.113.7").status(), is(429));
            // another client behind the same load balancer is not affected
            assertThat(cms.delivery.send("POST", "/api/v1/messages", message, "application/json",
                                         "X-Forwarded-For", "198.51.100.9").status(), is(201));
            // a client cannot escape its limit by prepending a forged address
            assertThat(cms.delivery.send("POST", "/api/v1/messages", message, "application/json",
                                         "X-Forwarded-For", "10.9.9.9, 203.0.113.7").status(), is(429));
        }
    }

    @Test
    void behindATrustedProxyFailedAdminSignInsCountPerClient() {
        Map<String, String> env = Map.of("TRUSTED_PROXIES", "127.0.0.1", "RATE_LIMIT_FAILED_LOGINS", "2",
                                         "RATE_LIMIT_WINDOW_SECONDS", "600", "ADMIN_EMAIL", "boss@example.org",
                                         "ADMIN_PASSWORD", "boss passphrase 1", "SECRET_KEY", "b".repeat(40));
        try (TestPlatform cms = TestPlatform.start(env)) {
            Http anonymous = cms.admin.withToken(null);
            String wrong = "{\"email\":\"boss@example.org\",\"password\":\"guessing wrong\"}";
            String right = "{\"email\":\"boss@example.org\",\"password\":\"boss passphrase 1\"}";
            for (int i = 0; i < 2; i++) {
                assertThat(anonymous.send("POST", "/admin/v1/session", wrong, "application/json", "X-CSRF", "1",
                                          "X-Forwarded-For", "203.0.113.7").status(), is(401));
            }
            assertThat(anonymous.send("POST", "/admin/v1/session", right, "application/json", "X-CSRF", "1",
                                      "X-Forwarded-For", "203.0.113.7").status(), is(429));
            // the admin, behind the same load balancer, still signs in: the guesser's failures are the guesser's
            Http.Response admin = anonymous.send("POST", "/admin/v1/session", right, "application/json", "X-CSRF", "1",
                                                 "X-Forwarded-For", "198.51.100.9");
            assertThat(admin.raw().body(), admin.status(), is(200));
        }
    }

    @Test
    void authRequestsPerAddressAreLimited() {
        try (TestPlatform cms = TestPlatform.start(Map.of("RATE_LIMIT_AUTH", "3", "SECRET_KEY", "p".repeat(40)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"x@example.org\"}").status(), is(202));
            }
            assertThat(cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"x@example.org\"}").status(), is(429));
            assertThat(cms.delivery.post("/api/v1/auth/login", "{\"email\":\"x@example.org\",\"password\":\"whatever pw\"}")
                               .status(), is(429));
        }
    }
}
