package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Staff invitations end to end over real SMTP: an admin invites an address with a staff role, the link arrives by
 * mail (and nowhere else: the mail log masks it), accepting it once creates the account with that role and opens an
 * admin session; a used, replaced, revoked or expired link is refused; bad input is refused naming every problem and
 * changes nothing; only roles that manage users may invite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvitationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile(
            "https://admin\\.bitwreckers\\.test/admin/accept-invitation#token=(bwi_[A-Za-z0-9_-]+)");
    private static final String ADMIN = "chief@bitwreckers.test";
    private static final String PASSWORD = "admin passphrase 1";
    private static final String SCORE_ROUTE = "POST /admin/v1/accelerator/applications/{id}/scores";

    private TestSmtp mail;
    private PluginPlatform platform;
    private Http anonymous;
    private Http admin;

    @BeforeAll
    void start() throws Exception {
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", PASSWORD, "ADMIN_URL", "https://admin.bitwreckers.test",
                          "SEED_DEMO_CONTENT", "false"));
        platform = PluginPlatform.start(env, "accelerator-scoring");
        anonymous = platform.cms.admin.withToken(null);
        admin = anonymous.withToken(openSession(signIn(ADMIN, PASSWORD)).getString("access_token"));
    }

    @AfterAll
    void stop() throws Exception {
        platform.close();
        mail.close();
    }

    private Http.Response signIn(String email, String password) {
        return anonymous.send("POST", "/admin/v1/session", "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\"}", "application/json", "X-CSRF", "1");
    }

    private static JsonObject openSession(Http.Response r) {
        assertThat(r.raw().body(), r.status(), is(200));
        return r.data().asJsonObject();
    }

    private Http.Response accept(String token, String fullName, String password) {
        return anonymous.send("POST", "/admin/v1/session/invitation", "{\"token\":\"" + token + "\",\"full_name\":\""
                + fullName + "\",\"password\":\"" + password + "\"}", "application/json", "X-CSRF", "1");
    }

    private JsonObject invite(String email, String role) {
        Http.Response r = admin.post("/admin/v1/invitations", "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject();
    }

    /** The invitation links mailed to the address so far, oldest first, as the SMTP server received them. */
    private List<String> links(String email) {
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

    private String linkNumber(String email, int n) {
        assertThat("invitation mail " + n + " to " + email, Await.until(WAIT, () -> links(email).size() >= n), is(true));
        return links(email).get(n - 1);
    }

    private static List<String> strings(JsonObject o, String key) {
        return o.getJsonArray(key).getValuesAs(JsonString::getString);
    }

    @Test
    void anInvitedExpertAcceptsOnceAndIsSignedInWithTheInvitedRole() {
        JsonObject invitation = invite("Ada.Expert@example.org", "expert");
        assertThat(invitation.getString("status"), is("pending"));
        assertThat(invitation.toString(), not(containsString("token")));
        String token = linkNumber("ada.expert@example.org", 1);

        // the mail log shows the message, never the link
        JsonObject logged = admin.get("/admin/v1/mail?pageSize=50").data().asJsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("recipient").equalsIgnoreCase("ada.expert@example.org"))
                .findFirst().orElseThrow();
        assertThat(logged.getBoolean("contains_secrets"), is(true));
        String shown = admin.get("/admin/v1/mail/" + logged.getJsonNumber("id").longValue()).raw().body();
        assertThat(shown, not(containsString(token)));
        assertThat(shown, containsString("accept-invitation#token=[hidden]"));

        Http.Response accepted = accept(token, "Ada Expert", "expert passphrase 1");
        JsonObject session = openSession(accepted);
        assertThat(accepted.header("Set-Cookie").orElseThrow(), startsWith("bw_admin_refresh=bwr_"));
        assertThat(session.getString("role"), is("expert"));
        assertThat(session.getJsonObject("user").getString("full_name"), is("Ada Expert"));
        assertThat(strings(session, "permissions"), hasItem("workflows"));
        assertThat(strings(session, "routes"), hasItem(SCORE_ROUTE)); // the plugin route naming experts

        // a reviewer reads the descriptor of the type it reviews, and no other
        Http expert = anonymous.withToken(session.getString("access_token"));
        assertThat(expert.get("/admin/v1/types/accelerator_application").status(), is(200));
        assertThat(expert.get("/admin/v1/types/event").status(), is(403));

        long id = invitation.getJsonNumber("id").longValue();
        assertThat(admin.get("/admin/v1/invitations/" + id).data().asJsonObject().getString("status"), is("accepted"));
        Http.Response reused = accept(token, "Someone Else", "another passphrase 2");
        assertThat(reused.status(), is(401));
        assertThat(reused.error().getJsonObject("details"), hasKey("token"));
        assertThat(openSession(signIn("ada.expert@example.org", "expert passphrase 1")).getString("role"), is("expert"));
        assertThat(signIn("ada.expert@example.org", "another passphrase 2").status(), is(401));
    }

    @Test
    void badInputIsRefusedNamingEveryProblemAndChangesNothing() {
        Http.Response bad = admin.post("/admin/v1/invitations", "{\"email\":\"not an address\",\"role\":\"student\","
                + "\"full_name\":\"X\"}");
        assertThat(bad.status(), is(422));
        JsonObject details = bad.error().getJsonObject("details");
        assertThat(details.getString("email"), containsString("e-mail address"));
        assertThat(details.getString("role"), containsString("staff role"));
        assertThat(details, hasKey("full_name"));
        assertThat(admin.post("/admin/v1/invitations", "{}").error().getJsonObject("details").keySet(),
                   is(Set.of("email", "role")));

        invite("bea@example.org", "editor");
        String token = linkNumber("bea@example.org", 1);
        Http.Response weak = accept(token, "", "short");
        assertThat(weak.status(), is(422));
        assertThat(weak.error().getJsonObject("details").keySet(), is(Set.of("full_name", "password")));
        assertThat(platform.cms.database.number("SELECT count(*) FROM users WHERE email = 'bea@example.org'"), is(0L));
        JsonObject session = openSession(accept(token, "Bea Editor", "editor passphrase 1")); // the link still works
        assertThat(session.getString("role"), is("editor"));
        assertThat(strings(session, "routes"), not(hasItem(SCORE_ROUTE)));
    }

    @Test
    void anExpiredLinkIsRefused() {
        long id = invite("cy@example.org", "mentor").getJsonNumber("id").longValue();
        String token = linkNumber("cy@example.org", 1);
        platform.cms.database.execute("UPDATE staff_invitations SET expires_at = now() - interval '1 minute' WHERE id = " + id);
        Http.Response late = accept(token, "Cy Mentor", "mentor passphrase 1");
        assertThat(late.status(), is(401));
        assertThat(late.error().getString("message"), containsString("expired"));
        assertThat(admin.get("/admin/v1/invitations/" + id).data().asJsonObject().getString("status"), is("expired"));
        assertThat(admin.get("/admin/v1/invitations?status=expired").raw().body(), containsString("cy@example.org"));
        // sending it again gives a new link with a fresh lifetime
        admin.post("/admin/v1/invitations/" + id + "/resend", null);
        assertThat(openSession(accept(linkNumber("cy@example.org", 2), "Cy Mentor", "mentor passphrase 1"))
                           .getString("role"), is("mentor"));
    }

    @Test
    void sendingAgainReplacesTheLinkAndRevokingEndsIt() {
        long id = invite("dee@example.org", "editor").getJsonNumber("id").longValue();
        String first = linkNumber("dee@example.org", 1);
        Http.Response resent = admin.post("/admin/v1/invitations/" + id + "/resend", null);
        assertThat(resent.raw().body(), resent.status(), is(200));
        String second = linkNumber("dee@example.org", 2);
        assertThat(second, not(is(first)));
        assertThat(accept(first, "Dee", "editor passphrase 1").status(), is(401));

        Http.Response revoked = admin.delete("/admin/v1/invitations/" + id);
        assertThat(revoked.data().asJsonObject().getString("status"), is("revoked"));
        assertThat(accept(second, "Dee", "editor passphrase 1").status(), is(401));
        assertThat(admin.delete("/admin/v1/invitations/" + id).status(), is(409));
        assertThat(admin.post("/admin/v1/invitations/" + id + "/resend", null).status(), is(409));
        assertThat(admin.delete("/admin/v1/invitations/999999").status(), is(404));
    }

    @Test
    void onlyRolesThatManageUsersInviteAndAnAddressIsInvitedOnce() {
        invite("eve@example.org", "editor");
        Http.Response twice = admin.post("/admin/v1/invitations", "{\"email\":\"EVE@example.org\",\"role\":\"mentor\"}");
        assertThat(twice.status(), is(409));
        Http.Response member = admin.post("/admin/v1/invitations", "{\"email\":\"" + ADMIN + "\",\"role\":\"editor\"}");
        assertThat(member.status(), is(409));
        assertThat(member.error().getJsonObject("details").getString("email"), containsString("account"));

        long editorId = platform.user("fay@example.org", "editor");
        Http editor = platform.adminAs(editorId, "editor");
        assertThat(editor.post("/admin/v1/invitations", "{\"email\":\"gus@example.org\",\"role\":\"editor\"}").status(),
                   is(403));
        assertThat(editor.get("/admin/v1/invitations").status(), is(403));
        assertThat(platform.cms.database.number("SELECT count(*) FROM staff_invitations WHERE email = 'gus@example.org'"),
                   is(0L));
    }
}
