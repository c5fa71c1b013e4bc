package org.bitwreckers.cms.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import javax.imageio.ImageIO;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The site on the real content types and demo content: every endpoint of the spec answers at its exact path in the
 * envelope with real data, and each route keeps its promise (upcoming means future, drafts stay private...).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteEndpointsTest {
    private TestSmtp mail;
    private TestPlatform site;

    @BeforeAll
    void start() throws IOException {
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("CONTENT_TYPES_DIR", "../content-types", "SEED_DEMO_CONTENT", "true"));
        site = TestPlatform.start(env);
    }

    @AfterAll
    void stop() {
        site.close();
        mail.close();
    }

    private record Endpoint(String method, String path, String shape, String body) {
    }

    private static List<Endpoint> endpoints() throws IOException {
        List<Endpoint> list = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/spec-endpoints.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.strip().split("\\s+", 4);
            list.add(new Endpoint(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : null));
        }
        return list;
    }

    @Test
    void everySpecEndpointAnswersWithRealDataInTheEnvelope() throws IOException {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints.size(), greaterThan(30));
        for (Endpoint e : endpoints) {
            Http.Response r = e.method().equals("POST") ? site.delivery.post(e.path(), e.body()) : site.delivery.get(e.path());
            String what = e.method() + " " + e.path() + " -> " + r.raw().body();
            assertThat(what, r.status(), is(e.shape().equals("created") ? 201 : 200));
            assertThat(what, r.json().getBoolean("success"), is(true));
            assertThat(what, r.json(), hasKey("timestamp"));
            assertThat(what, r.json(), hasKey("message"));
            switch (e.shape()) {
                case "list" -> {
                    JsonArray data = r.data().asJsonArray();
                    assertThat(what, data.size(), greaterThan(0));
                    assertThat(what, data.getJsonObject(0), hasKey("id"));
                    assertThat(what, r.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"),
                               greaterThan(0));
                }
                case "object" -> assertThat(what, r.data().asJsonObject().size(), greaterThan(2));
                case "counts" -> {
                    JsonArray counts = r.data().asJsonArray();
                    assertThat(what, counts.size(), greaterThan(1));
                    long total = 0;
                    for (JsonValue c : counts) {
                        assertThat(what, c.asJsonObject(), hasKey("value"));
                        total += c.asJsonObject().getJsonNumber("count").longValue();
                    }
                    assertThat(what, total, greaterThan(0L));
                }
                case "created" -> {
                    long id = r.data().asJsonObject().getJsonNumber("id").longValue();
                    assertThat(what, site.database.number("SELECT count(*) FROM documents WHERE id = " + id
                            + " AND status = 'draft' AND published_data IS NULL"), is(1L));
                }
                default -> throw new IllegalStateException("unknown shape " + e.shape());
            }
        }
    }

    @Test
    void demoPicturesAreAssetsInTheMediaLibraryAndAreServed() throws Exception {
        JsonObject project = site.delivery.get("/api/v1/portfolio/projects/campus-marketplace").data()
                .asJsonObject();
        String image = project.getString("image_url");
        assertThat(image, image.matches("http://localhost:8080/media/[a-f0-9]{64}\\.png"), is(true)); // PUBLIC_URL
        String path = image.substring(image.indexOf("/media/"));
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + site.platform.port() + path))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode(), is(200));
        assertThat(ImageIO.read(new ByteArrayInputStream(served.body())).getWidth(), is(800));
    }

    @Test
    void upcomingEventsAreFutureAndSoonestFirst() {
        long past = create("event", "{\"title\":\"Yesterday's meetup\",\"description\":\"d\",\"event_type\":\"meetup\","
                + "\"date\":\"2020-01-01T18:00:00Z\",\"location\":\"Loft\",\"status\":\"upcoming\"}");
        publish("event", past);
        JsonArray upcoming = site.delivery.get("/api/v1/events/upcoming?pageSize=100").data().asJsonArray();
        List<String> dates = new ArrayList<>();
        for (JsonValue v : upcoming) {
            assertThat(v.asJsonObject().getString("status"), is("upcoming"));
            dates.add(v.asJsonObject().getString("date"));
        }
        assertThat(dates, everyItem(greaterThanNow()));
        assertThat(dates, is(dates.stream().sorted().toList()));
        assertThat(titles("/api/v1/events/upcoming?pageSize=100"), not(hasItem("Yesterday's meetup")));
        assertThat(titles("/api/v1/community/events?pageSize=100"), hasItem("Yesterday's meetup"));
        // a caller may narrow a route's fixed filters, never widen them
        assertThat(site.delivery.get("/api/v1/events/upcoming?filter[status]=completed").data().asJsonArray().size(), is(0));
        for (JsonValue v : site.delivery.get("/api/v1/students/events").data().asJsonArray()) {
            assertThat(List.of("workshop", "hackathon"), hasItem(v.asJsonObject().getString("event_type")));
        }
    }

    @Test
    void anUnpublishedProjectNeverAppearsOnTheDeliveryApi() {
        long draft = site.database.number("SELECT id FROM documents WHERE slug = 'festival-identity'");
        assertThat(site.database.number("SELECT count(*) FROM documents WHERE id = " + draft + " AND status = 'draft'"), is(1L));
        for (String list : List.of("/api/v1/portfolio/projects?pageSize=100", "/api/v1/students/projects?pageSize=100",
                                   "/api/v1/content/project?pageSize=100")) {
            assertThat(list, titles(list), not(hasItem("Festival Identity")));
        }
        assertThat(site.delivery.get("/api/v1/portfolio/projects/" + draft).status(), is(404));
        assertThat(site.delivery.get("/api/v1/portfolio/projects/festival-identity").status(), is(404));
        long published = site.database.number("SELECT count(*) FROM documents WHERE type = 'project' AND status = 'published'");
        long designPublished = site.database.number("SELECT count(*) FROM documents WHERE type = 'project'"
                + " AND status = 'published' AND data->>'category' = 'design'");
        assertThat(site.delivery.get("/api/v1/stats/network").data().asJsonObject().getInt("projects"), is((int) published));
        JsonArray categories = site.delivery.get("/api/v1/portfolio/categories").data().asJsonArray();
        assertThat(categories.getJsonObject(3).getString("value"), is("design"));
        assertThat(categories.getJsonObject(3).getJsonNumber("count").longValue(), is(designPublished));
    }

    @Test
    void membersArePublicProfilesOfActiveUsersOnly() {
        Http.Response r = site.delivery.get("/api/v1/community/members?pageSize=100");
        JsonArray members = r.data().asJsonArray();
        assertThat(members.size(), is((int) site.database.number("SELECT count(*) FROM users WHERE is_active"
                                                                        + " AND role NOT IN ('admin', 'editor')")));
        for (JsonValue m : members) {
            assertThat(m.asJsonObject(), not(hasKey("email")));
            assertThat(m.asJsonObject(), not(hasKey("is_active")));
        }
        assertThat(r.raw().body(), not(containsString("@")));
        assertThat(r.raw().body(), not(containsString("Former Member")));
        JsonArray mentors = site.delivery.get("/api/v1/community/members?filter[role]=mentor").data().asJsonArray();
        assertThat(mentors.size(), greaterThan(0));
        mentors.forEach(m -> assertThat(m.asJsonObject().getString("role"), is("mentor")));
        assertThat(site.delivery.get("/api/v1/community/members?filter[role]=wizard").status(), is(400));
        assertThat(site.delivery.get("/api/v1/community/members?filter[email]=x").status(), is(400));
        assertThat(site.delivery.get("/api/v1/community/stats").data().asJsonObject().getInt("members"), is(members.size()));
    }

    @Test
    void listRoutesAcceptTheQueryLanguage() {
        Http.Response web = site.delivery.get("/api/v1/portfolio/projects?filter[category]=web&sort=title&pageSize=2&page=2");
        assertThat(web.status(), is(200));
        assertThat(web.data().asJsonArray().size(), is(2));
        web.data().asJsonArray().forEach(p -> assertThat(p.asJsonObject().getString("category"), is("web")));
        assertThat(web.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"), is(6));
        JsonObject populated = site.delivery.get("/api/v1/portfolio/projects/campus-marketplace?populate=team").data()
                .asJsonObject();
        assertThat(populated.getJsonArray("team").getJsonObject(0), hasKey("name"));
        assertThat(populated.getJsonArray("team").getJsonObject(0), not(hasKey("email")));
        assertThat(site.delivery.get("/api/v1/portfolio/projects?filter[nope]=1").status(), is(400));
        assertThat(site.delivery.get("/api/v1/products/categories?x=1").status(), is(400));
        assertThat(site.delivery.get("/api/v1/products/no-such-product").status(), is(404));
        assertThat(site.delivery.get("/api/v1/portfolio/projects/999999").status(), is(404));
    }

    @Test
    void pipelineCountsIdeasPerStage() {
        JsonArray stages = site.delivery.get("/api/v1/innovation/pipeline").data().asJsonArray();
        assertThat(stages.size(), is(3));
        for (JsonValue stage : stages) {
            String status = stage.asJsonObject().getString("idea_status");
            long expected = site.database.number("SELECT count(*) FROM documents WHERE type = 'incubated_idea'"
                    + " AND published_data->>'status' = '" + status + "'");
            assertThat(status, stage.asJsonObject().getJsonNumber("count").longValue(), is(expected));
        }
    }

    @Test
    void submissionsAreValidatedPrivateAndNeverTakeStaffFields() {
        long before = site.database.number("SELECT count(*) FROM documents");
        Http.Response missing = site.delivery.post("/api/v1/students/apply", "{\"email\":\"not-an-email\"}");
        assertThat(missing.status(), is(422));
        JsonObject details = missing.error().getJsonObject("details");
        for (String field : List.of("full_name", "email", "university", "preferred_field", "message")) {
            assertThat(field, details, hasKey(field));
        }
        Http.Response massAssignment = site.delivery.post("/api/v1/innovation/accelerator/apply",
                "{\"team_name\":\"T\",\"project_title\":\"P\",\"project_description\":\"D\",\"team_members\":[],"
                        + "\"contact_email\":\"t@example.org\",\"status\":\"approved\",\"funding_amount\":100000}");
        assertThat(massAssignment.status(), is(422));
        assertThat(massAssignment.error().getJsonObject("details"), hasKey("status"));
        assertThat(massAssignment.error().getJsonObject("details"), hasKey("funding_amount"));
        Http.Response media = site.delivery.post("/api/v1/contact/submit",
                                                 "{\"contact_type\":\"media\",\"name\":\"N\",\"email\":\"n@x.org\",\"message\":\"m\"}");
        assertThat(media.status(), is(422));
        assertThat(media.error().getJsonObject("details").getString("coverage_type"),
                   is("is required when contact_type is media"));
        assertThat(site.delivery.send("POST", "/api/v1/contact/submit", "name=x", "application/x-www-form-urlencoded").status(),
                   is(415));
        assertThat(site.database.number("SELECT count(*) FROM documents"), is(before));

        Http.Response company = site.delivery.post("/api/v1/solutions/contact", "{\"name\":\"N\",\"email\":\"n@x.org\","
                + "\"company_name\":\"C\",\"service_type\":\"Web\",\"message\":\"m\"}");
        long id = company.data().asJsonObject().getJsonNumber("id").longValue();
        JsonObject stored = site.admin.get("/admin/v1/content/contact_submission/" + id).data().asJsonObject()
                .getJsonObject("data");
        assertThat(stored.getString("contact_type"), is("companies")); // the route's default
        assertThat(stored.getString("status"), is("new"));            // the descriptor's default, not the caller's
        assertThat(site.delivery.get("/api/v1/content/contact_submission").status(), is(404));
        assertThat(site.delivery.get("/api/v1/content/student_application/1").status(), is(404));
    }

    @Test
    void signedInApplicantsSeeTheirOwnSubmissionsOnly() {
        String ana = signUp("ana.applicant@example.org");
        String ivo = signUp("ivo.applicant@example.org");
        String application = "{\"full_name\":\"Ana\",\"email\":\"ana.applicant@example.org\",\"university\":\"TU\","
                + "\"preferred_field\":\"ai\",\"message\":\"Let me in\"}";
        long mine = site.delivery.withToken(ana).post("/api/v1/students/apply", application).data().asJsonObject()
                .getJsonNumber("id").longValue();
        site.delivery.post("/api/v1/students/apply", application); // anonymous: belongs to nobody
        assertThat(site.delivery.withToken("bwt_forged").post("/api/v1/students/apply", application).status(), is(401));

        JsonArray own = site.delivery.withToken(ana).get("/api/v1/me/submissions").data().asJsonArray();
        assertThat(own.size(), is(1));
        assertThat(own.getJsonObject(0).getJsonNumber("id").longValue(), is(mine));
        assertThat(own.getJsonObject(0).getString("type"), is("student_application"));
        assertThat(own.getJsonObject(0).getString("status"), is("pending"));
        assertThat(site.delivery.withToken(ivo).get("/api/v1/me/submissions").data().asJsonArray().size(), is(0));
        assertThat(site.delivery.get("/api/v1/me/submissions").status(), is(401));
    }

    @Test
    void reviewersReadAcceleratorApplicationsAndNothingElse() {
        site.delivery.post("/api/v1/innovation/accelerator/apply", "{\"team_name\":\"T\",\"project_title\":\"P\","
                + "\"project_description\":\"D\",\"team_members\":[{\"name\":\"A\"}],\"contact_email\":\"t@example.org\"}");
        String expert = signUp("expert.reviewer@example.org");
        site.database.execute("UPDATE users SET role = 'expert' WHERE email = 'expert.reviewer@example.org'");
        String student = signUp("curious.student@example.org");
        Http asExpert = site.admin.withToken(expert);
        Http.Response applications = asExpert.get("/admin/v1/content/accelerator_application");
        assertThat(applications.status(), is(200));
        assertThat(applications.data().asJsonArray().size(), greaterThan(0));
        long id = applications.data().asJsonArray().getJsonObject(0).getJsonNumber("id").longValue();
        assertThat(asExpert.get("/admin/v1/content/accelerator_application/" + id).status(), is(200));
        assertThat(asExpert.patch("/admin/v1/content/accelerator_application/" + id, "{\"data\":{\"total_score\":9}}")
                           .status(), is(403));
        assertThat(asExpert.get("/admin/v1/content/student_application").status(), is(403));
        assertThat(asExpert.get("/admin/v1/content/project").status(), is(403));
        assertThat(site.admin.withToken(student).get("/admin/v1/content/accelerator_application").status(), is(403));
    }

    private String signUp(String email) {
        return SignUp.member(site.delivery, mail, email, "long passphrase 1", "Someone").getString("access_token");
    }

    @Test
    void declaredRoutesAreInTheOpenApiDocument() throws IOException {
        JsonObject paths = site.delivery.get("/openapi.json").json().getJsonObject("paths");
        for (Endpoint e : endpoints()) {
            String path = e.path().replace("/wreckboard", "/{key}").replace("/campus-marketplace", "/{key}");
            assertThat(path, paths, hasKey(path));
            assertThat(path, paths.getJsonObject(path), hasKey(e.method().toLowerCase()));
        }
        JsonObject schemas = site.delivery.get("/openapi.json").json().getJsonObject("components").getJsonObject("schemas");
        assertThat(schemas.getJsonObject("StudentApplicationSubmission").getJsonObject("properties"), not(hasKey("status")));
    }

    private long create(String type, String data) {
        Http.Response r = site.admin.post("/admin/v1/content/" + type, "{\"data\":" + data + "}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }

    private void publish(String type, long id) {
        assertThat(site.admin.post("/admin/v1/content/" + type + "/" + id + "/publish", null).status(), is(200));
    }

    private List<String> titles(String path) {
        List<String> titles = new ArrayList<>();
        site.delivery.get(path).data().asJsonArray().forEach(v -> titles.add(v.asJsonObject().getString("title")));
        return titles;
    }

    private static Matcher<String> greaterThanNow() {
        String now = Instant.now().toString();
        return Matchers.greaterThan(now);
    }
}
