package org.bitwreckers.cms.server;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The event-registration plugin, loaded from its jar by the real plugin manager, through HTTP against real
 * PostgreSQL: capacity under concurrency, double registration, waitlist and promotion, cancel, attendance,
 * reminders, and closed events.
 */
class EventRegistrationPluginTest {
    private static PluginPlatform cms;

    @BeforeAll
    static void start() throws Exception {
        cms = PluginPlatform.start(Map.of(), "event-registration");
    }

    @AfterAll
    static void stop() throws Exception {
        cms.close();
    }

    private static long event(int limit, Instant date, String status) {
        return cms.published("event", "{\"title\":\"Event " + System.nanoTime() + "\",\"description\":\"d\",\"event_type\":"
                + "\"workshop\",\"date\":\"" + date + "\",\"location\":\"Lab\",\"attendees_limit\":" + limit
                + ",\"status\":\"" + status + "\"}");
    }

    private static Instant inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String register(long event) {
        return "/api/v1/community/events/" + event + "/register";
    }

    private static long attendees(long event) {
        JsonObject data = (JsonObject) cms.cms.delivery.get("/api/v1/content/event/" + event).data();
        return data.getJsonNumber("current_attendees").longValue();
    }

    @Test
    void twoHundredConcurrentRegistrationsNeverOversellTheLastSeats() throws Exception {
        long event = event(5, inDays(10), "upcoming");
        List<Http> users = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            users.add(cms.asUser(cms.user("crowd" + i + "@example.org", "student"), "student"));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Http user : users) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return user.post(register(event), null);
                }));
            }
            go.countDown();
        }
        int registered = 0;
        int waitlisted = 0;
        for (Future<Http.Response> answer : answers) {
            Http.Response r = answer.get();
            assertThat(r.json().toString(), r.status(), is(201));
            String status = ((JsonObject) r.data()).getString("status");
            if (status.equals("registered")) {
                registered++;
            } else if (status.equals("waitlisted")) {
                waitlisted++;
            }
        }
        assertThat(registered, is(5));
        assertThat(waitlisted, is(195));
        assertThat(cms.cms.database.number("SELECT count(*) FROM documents WHERE type = 'event_registration'"
                                                   + " AND (data->>'event')::bigint = " + event
                                                   + " AND data->>'status' = 'registered'"), is(5L));
        assertThat(attendees(event), is(5L));
        // the waitlist is in arrival order without gaps
        assertThat(cms.cms.database.number("SELECT count(DISTINCT id) FROM documents WHERE type = 'event_registration'"
                                                   + " AND data->>'status' = 'waitlisted' AND (data->>'event')::bigint = "
                                                   + event), is(195L));
    }

    @Test
    void oneUserRegisteringManyTimesAtOnceGetsOneSeatAndConflicts() throws Exception {
        long event = event(50, inDays(10), "upcoming");
        Http user = cms.asUser(cms.user("eager@example.org", "student"), "student");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return user.post(register(event), null);
                }));
            }
            go.countDown();
        }
        int created = 0;
        int conflicts = 0;
        for (Future<Http.Response> answer : answers) {
            int status = answer.get().status();
            created += status == 201 ? 1 : 0;
            conflicts += status == 409 ? 1 : 0;
        }
        assertThat(created, is(1));
        assertThat(conflicts, is(19));
        Http.Response again = user.post(register(event), null);
        assertThat(again.status(), is(409));
        assertThat(again.error().getString("message"), containsString("already registered"));
        assertThat(attendees(event), is(1L));
    }

    @Test
    void cancellingPromotesTheWaitlistAndMailsBoth() {
        long event = event(1, inDays(5), "upcoming");
        long anaId = cms.user("ana.wait@example.org", "student");
        long benId = cms.user("ben.wait@example.org", "graduate");
        Http ana = cms.asUser(anaId, "student");
        Http ben = cms.asUser(benId, "graduate");
        assertThat(((JsonObject) ana.post(register(event), null).data()).getString("status"), is("registered"));
        Http.Response full = ben.post(register(event), null);
        assertThat(((JsonObject) full.data()).getString("status"), is("waitlisted"));
        assertThat(((JsonObject) full.data()).getInt("waitlist_position"), is(1));
        assertThat(full.json().getString("message"), containsString("waitlist"));

        Http.Response cancelled = ana.delete(register(event));
        assertThat(cancelled.status(), is(200));
        assertThat(((JsonObject) cancelled.data()).getString("status"), is("cancelled"));
        assertThat(((JsonObject) ben.get("/api/v1/community/events/" + event + "/registration").data())
                           .getString("status"), is("registered"));
        assertThat(attendees(event), is(1L));
        assertThat(cms.cms.database.number("SELECT count(*) FROM mail_messages WHERE template = 'event-promoted'"
                                                   + " AND recipient = 'ben.wait@example.org'"), is(1L));
        assertThat(cms.cms.database.number("SELECT count(*) FROM mail_messages WHERE template = 'event-registration'"
                                                   + " AND recipient = 'ana.wait@example.org'"), is(1L));
        assertThat(cms.cms.database.number("SELECT count(*) FROM notifications WHERE kind = 'event.promoted' AND user_id = "
                                                   + benId), is(1L));
        // students see their own registrations with their other submissions, and nobody else's
        String mine = ben.get("/api/v1/me/submissions").data().toString();
        assertThat(mine, containsString("event_registration"));
        assertThat(cms.asUser(cms.user("other.wait@example.org", "student"), "student").get("/api/v1/me/submissions")
                           .data().toString().contains("event_registration"), is(false));
        assertThat(cms.asUser(cms.user("nosy@example.org", "student"), "student")
                           .get("/api/v1/community/events/" + event + "/registration").status(), is(404));
        // cancelling twice, and re-registering onto the (now full) event's waitlist
        assertThat(ana.delete(register(event)).status(), is(404));
        assertThat(((JsonObject) ana.post(register(event), null).data()).getString("status"), is("waitlisted"));
    }

    @Test
    void theWaitlistIsFirstComeFirstServedAndDeletingASeatPromotes() {
        long event = event(1, inDays(6), "upcoming");
        Http u1 = cms.asUser(cms.user("u1.fifo@example.org", "student"), "student");
        Http u2 = cms.asUser(cms.user("u2.fifo@example.org", "student"), "student");
        Http u3 = cms.asUser(cms.user("u3.fifo@example.org", "student"), "student");
        assertThat(((JsonObject) u3.post(register(event), null).data()).getString("status"), is("registered"));
        u1.post(register(event), null); // waitlisted first
        u2.post(register(event), null); // waitlisted second
        u1.delete(register(event));     // leaves the waitlist...
        JsonObject again = (JsonObject) u1.post(register(event), null).data(); // ...and joins again, behind u2
        assertThat(again.getString("status"), is("waitlisted"));
        assertThat(again.getInt("waitlist_position"), is(2));

        // an editor deleting the registered seat frees it like a cancellation
        long seat = cms.cms.database.number("SELECT id FROM documents WHERE type = 'event_registration' AND data->>'status'"
                                                    + " = 'registered' AND (data->>'event')::bigint = " + event);
        assertThat(cms.cms.admin.delete("/admin/v1/content/event_registration/" + seat).status(), is(200));
        assertThat(((JsonObject) u2.get("/api/v1/community/events/" + event + "/registration").data()).getString("status"),
                   is("registered"));
        assertThat(attendees(event), is(1L));
    }

    @Test
    void closedUnknownAndAnonymousRegistrationsAreRefusedClearly() {
        Http user = cms.asUser(cms.user("late@example.org", "student"), "student");
        Http.Response past = user.post(register(event(10, inDays(-2), "upcoming")), null);
        assertThat(past.status(), is(409));
        assertThat(past.error().getString("message"), containsString("registrations are closed"));
        Http.Response completed = user.post(register(event(10, inDays(3), "completed")), null);
        assertThat(completed.status(), is(409));
        assertThat(completed.error().getString("message"), containsString("completed"));
        assertThat(user.post(register(999_999), null).status(), is(404));
        assertThat(user.post("/api/v1/community/events/abc/register", null).status(), is(404));
        assertThat(cms.cms.delivery.post(register(event(10, inDays(3), "upcoming")), null).status(), is(401));
        assertThat(user.send("PUT", register(1), "{}", "application/json").status(), is(405));
    }

    @Test
    void staffMarkAttendanceAndEditorsCannotFakeTheCount() {
        long event = event(3, inDays(2), "upcoming");
        long userId = cms.user("attendee@example.org", "student");
        long waitingId = cms.user("waiting@example.org", "student");
        cms.asUser(userId, "student").post(register(event), null);
        Http editor = cms.adminAs(cms.user("editor.att@example.org", "editor"), "editor");
        Http.Response marked = editor.post("/admin/v1/events/" + event + "/attendance",
                                           "{\"user_id\":" + userId + ",\"attended\":true}");
        assertThat(marked.json().toString(), marked.status(), is(200));
        assertThat(((JsonObject) marked.data()).getString("status"), is("attended"));
        assertThat(attendees(event), is(1L));
        assertThat(editor.post("/admin/v1/events/" + event + "/attendance", "{\"user_id\":" + waitingId
                + ",\"attended\":true}").status(), is(409));
        assertThat(editor.post("/admin/v1/events/" + event + "/attendance", "{\"user_id\":\"x\"}").status(), is(422));
        Http student = cms.adminAs(waitingId, "student");
        assertThat(student.get("/admin/v1/events/" + event + "/registrations").status(), is(403));
        JsonObject list = (JsonObject) editor.get("/admin/v1/events/" + event + "/registrations").data();
        assertThat(list.getJsonArray("registrations").size(), is(1));
        assertThat(list.getJsonArray("registrations").getJsonObject(0).getString("email"), is("attendee@example.org"));

        // an editor's write cannot set current_attendees: the hook stores the real count
        Http.Response edited = cms.cms.admin.patch("/admin/v1/content/event/" + event,
                                                    "{\"data\":{\"current_attendees\":42,\"location\":\"Hall\"}}");
        assertThat(edited.status(), is(200));
        assertThat(((JsonObject) edited.data()).getJsonObject("data").getInt("current_attendees"), is(1));
    }

    @Test
    void remindersGoOutOnceBeforeTheEvent() {
        long soon = event(10, Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS), "upcoming");
        long later = event(10, inDays(20), "upcoming");
        long userId = cms.user("remind.me@example.org", "student");
        Http user = cms.asUser(userId, "student");
        user.post(register(soon), null);
        user.post(register(later), null);
        long versionBefore = cms.cms.database.number("SELECT version FROM documents WHERE id = " + soon);
        String reminders = "SELECT count(*) FROM mail_messages WHERE template = 'event-reminder'"
                + " AND recipient = 'remind.me@example.org'";
        for (int run = 0; run < 2; run++) {
            Http.Response queued = cms.cms.admin.post("/admin/v1/plugins/event-registration/tasks/reminders/run", null);
            assertThat(queued.status(), is(202));
            long job = ((JsonObject) queued.data()).getJsonNumber("job").longValue();
            assertThat(Await.until(Duration.ofSeconds(20), () -> cms.cms.database.number(
                    "SELECT count(*) FROM jobs WHERE status = 'done' AND id = " + job) == 1), is(true));
            assertThat(cms.cms.database.number(reminders), is(1L)); // the later event is not due, and no repeats
        }
        assertThat(cms.cms.database.number("SELECT count(*) FROM notifications WHERE kind = 'event.reminder' AND user_id = "
                                                   + userId), is(1L));
        // reminding changes no seat, so the event itself is not rewritten (no new version for its editors)
        assertThat(cms.cms.database.number("SELECT version FROM documents WHERE id = " + soon), is(versionBefore));
    }
}
