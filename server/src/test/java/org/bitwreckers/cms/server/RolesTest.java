package org.bitwreckers.cms.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Roles on the admin API: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, what each role may reach, and user
 * management (role changes, deactivation, deletion with personal data erased).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesTest {
    private static final String ADMIN_PASSWORD = "admin passphrase 1";
    private static final List<String> ADMIN_ROUTES = List.of("/admin/v1/content/article", "/admin/v1/types", "/admin/v1/users",
                                                             "/admin/v1/tokens", "/admin/v1/jobs", "/admin/v1/mail",
                                                             "/admin/v1/webhooks", "/admin/v1/newsletter/subscribers",
                                                             "/admin/v1/plugins", "/admin/v1/workflows", "/admin/v1/media");
    private TestSmtp mail;
    private TestPlatform cms;

    @BeforeAll
    void start() throws IOException {
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("ADMIN_EMAIL", "boss@bitwreckers.test", "ADMIN_PASSWORD", ADMIN_PASSWORD, "SECRET_KEY", "r".repeat(40)));
        cms = TestPlatform.start(env);
    }

    @AfterAll
    void stop() {
        cms.close();
        mail.close();
    }

    private String login(String email, String password) {
        Http.Response r = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(r.raw().body(), r.status(), is(200));
        return r.data().asJsonObject().getString("access_token");
    }

    private long register(String email) {
        return SignUp.member(cms.delivery, mail, "{\"email\":\"" + email + "\",\"password\":\"student passphrase\","
                + "\"full_name\":\"Someone\",\"university\":\"Tech University\"}").getJsonObject("user")
                .getJsonNumber("id").longValue();
    }

    @Test
    void eachRoleReachesOnlyItsPartOfTheAdminApi() {
        Http admin = cms.admin.withToken(login("boss@bitwreckers.test", ADMIN_PASSWORD));
        for (String route : ADMIN_ROUTES) {
            assertThat(route, admin.get(route).status(), is(200));
        }
        long studentId = register("student@example.org");
        Http student = cms.admin.withToken(login("student@example.org", "student passphrase"));
        for (String route : ADMIN_ROUTES) {
            assertThat(route, student.get(route).status(), is(403));
        }
        assertThat(student.post("/admin/v1/content/article", "{\"data\":{\"title\":\"x\",\"category\":\"news\"}}").status(),
                   is(403));

        JsonObject promoted = admin.patch("/admin/v1/users/" + studentId, "{\"role\":\"editor\"}").data().asJsonObject();
        assertThat(promoted.getString("role"), is("editor"));
        assertThat(student.get("/admin/v1/types").status(), is(401)); // a role change ends old sessions
        Http editor = cms.admin.withToken(login("student@example.org", "student passphrase"));
        assertThat(editor.get("/admin/v1/content/article").status(), is(200));
        Http.Response created = editor.post("/admin/v1/content/article", "{\"data\":{\"title\":\"By an editor\",\"category\":\"news\"}}");
        assertThat(created.status(), is(201));
        assertThat(created.data().asJsonObject().getString("created_by"), is("user:" + studentId));
        for (String route : List.of("/admin/v1/users", "/admin/v1/tokens", "/admin/v1/jobs", "/admin/v1/webhooks",
                                    "/admin/v1/mail")) {
            assertThat(route, editor.get(route).status(), is(403));
        }
        assertThat(editor.patch("/admin/v1/users/" + studentId, "{\"role\":\"admin\"}").status(), is(403));

        assertThat(admin.patch("/admin/v1/users/" + studentId, "{\"is_active\":false}").status(), is(200));
        assertThat(editor.get("/admin/v1/content/article").status(), is(401));
        assertThat(admin.patch("/admin/v1/users/" + studentId, "{\"role\":\"wizard\"}").status(), is(422));
        long adminId = admin.get("/admin/v1/users?role=admin").data().asJsonArray().getJsonObject(0).getJsonNumber("id")
                .longValue();
        assertThat(admin.patch("/admin/v1/users/" + adminId, "{\"is_active\":false}").status(), is(422));
    }

    @Test
    void everyAdminRouteAgainstEveryRole() {
        Map<String, List<String>> allowed = Map.of(
                "admin", ADMIN_ROUTES,
                // personal data (users, the mail log, subscribers) is for admins only
                "editor", List.of("/admin/v1/content/article", "/admin/v1/types", "/admin/v1/audit", "/admin/v1/workflows",
                                  "/admin/v1/media"),
                // reviewers see the workflows (each step names who may take it) and nothing else here
                "expert", List.of("/admin/v1/workflows"), "mentor", List.of("/admin/v1/workflows"),
                "graduate", List.of(), "student", List.of());
        List<String> routes = new ArrayList<>(ADMIN_ROUTES);
        routes.add("/admin/v1/audit");
        for (Map.Entry<String, List<String>> role : allowed.entrySet()) {
            String email = "matrix-" + role.getKey() + "@example.org";
            register(email);
            cms.database.execute("UPDATE users SET role = '" + role.getKey() + "' WHERE email = '" + email + "'");
            Http user = cms.admin.withToken(login(email, "student passphrase"));
            for (String route : routes) {
                int expected = role.getKey().equals("admin") || role.getValue().contains(route) ? 200 : 403;
                assertThat(role.getKey() + " " + route, user.get(route).status(), is(expected));
            }
        }
    }

    @Test
    void deletingAUserErasesTheirPersonalData() {
        long id = register("leaving@example.org");
        String leaving = login("leaving@example.org", "student passphrase");
        long message = cms.delivery.withToken(leaving).post("/api/v1/messages", "{\"name\":\"Leaving Person\","
                + "\"email\":\"leaving@example.org\",\"message\":\"hi\"}").data().asJsonObject().getJsonNumber("id").longValue();
        Http admin = cms.admin.withToken(login("boss@bitwreckers.test", ADMIN_PASSWORD));
        assertThat(admin.get("/admin/v1/users?q=leaving").data().asJsonArray().size(), is(1));
        assertThat(admin.delete("/admin/v1/users/" + id).status(), is(200));
        JsonObject gone = admin.get("/admin/v1/users/" + id).data().asJsonObject();
        assertThat(gone.getString("email"), startsWith("deleted-"));
        assertThat(gone.getString("full_name"), is("Deleted user"));
        assertThat(gone.isNull("university"), is(true));
        assertThat(cms.delivery.post("/api/v1/auth/login", "{\"email\":\"leaving@example.org\",\"password\":\"student passphrase\"}")
                           .status(), is(401));
        assertThat(cms.delivery.get("/api/v1/community/members?pageSize=100").raw().body().contains("Deleted user"), is(false));
        assertThat(admin.get("/admin/v1/users?q=leaving").data().asJsonArray().size(), is(0));
        assertThat(admin.get("/admin/v1/users?active=maybe").status(), is(400));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE id = " + message
                                               + " AND data::text LIKE '%leaving@example.org%'"), is(0L));
        assertThat(cms.database.number("SELECT count(*) FROM document_versions WHERE document_id = " + message), is(0L));
    }

    @Test
    void theFirstAdminIsCreatedOnce() {
        assertThat(cms.database.number("SELECT count(*) FROM users WHERE role = 'admin'"), is(1L));
        assertThat(cms.database.number("SELECT count(*) FROM users WHERE email = 'boss@bitwreckers.test'"
                                               + " AND password_hash LIKE '$argon2id$%'"), is(1L));
    }
}
