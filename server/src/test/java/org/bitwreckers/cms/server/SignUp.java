package org.bitwreckers.cms.server;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Signs a member up the way the site does: register, open the confirmation link from the mail (as the test's real
 * SMTP server received it), and take the tokens the confirmation answers with.
 */
final class SignUp {
    private static final Pattern LINK = Pattern.compile("verify-email\\?token=([A-Za-z0-9_-]+)");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SignUp() {
    }

    /**
     * @param delivery     the delivery API
     * @param mail         the SMTP server the platform sends to
     * @param registration the body of the registration
     * @return the confirmation's data: tokens and {@code user}
     */
    static JsonObject member(Http delivery, TestSmtp mail, String registration) {
        String email = Json.createReader(new StringReader(registration)).readObject().getString("email");
        int before = links(mail, email).size();
        Http.Response registered = delivery.post("/api/v1/auth/register", registration);
        assertThat(registered.raw().body(), registered.status(), is(202));
        assertThat("a confirmation mail to " + email, Await.until(WAIT, () -> links(mail, email).size() > before), is(true));
        List<String> links = links(mail, email);
        Http.Response confirmed = confirm(delivery, links.get(links.size() - 1));
        assertThat(confirmed.raw().body(), confirmed.status(), is(200));
        return confirmed.data().asJsonObject();
    }

    /**
     * @param delivery the delivery API
     * @param mail     the SMTP server the platform sends to
     * @param email    address
     * @param password password
     * @param fullName name
     * @return the confirmation's data: tokens and {@code user}
     */
    static JsonObject member(Http delivery, TestSmtp mail, String email, String password, String fullName) {
        return member(delivery, mail, Json.createObjectBuilder().add("email", email).add("password", password)
                .add("full_name", fullName).build().toString());
    }

    /**
     * @param delivery the delivery API
     * @param token    the token of a confirmation link
     * @return the answer to opening it
     */
    static Http.Response confirm(Http delivery, String token) {
        return delivery.post("/api/v1/auth/verify-email", "{\"token\":\"" + token + "\"}");
    }

    /**
     * @param mail  the SMTP server the platform sends to
     * @param email address
     * @return the tokens of the confirmation links mailed to the address so far, oldest first
     */
    static List<String> links(TestSmtp mail, String email) {
        List<String> tokens = new ArrayList<>();
        for (MimeMessage message : mail.server.getReceivedMessages()) {
            try {
                Matcher m = LINK.matcher(TestSmtp.text(message));
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email) && m.find()) {
                    tokens.add(m.group(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return tokens;
    }
}
