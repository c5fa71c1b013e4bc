package org.bitwreckers.plugins.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.CurrentUser;
import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.Refusal;
import org.bitwreckers.cms.spi.Reply;
import org.bitwreckers.cms.spi.RouteProvider;
import org.bitwreckers.cms.spi.RouteRequest;
import org.bitwreckers.cms.spi.PluginServices;
import org.bitwreckers.cms.spi.Routes;
import org.bitwreckers.cms.spi.Tx;

/**
 * Registration for signed-in users (register, see, cancel) and attendance for staff.
 */
@Extension
public final class RegistrationRoutes implements RouteProvider {
    private static final String BASE = "/api/v1/community/events/{id}/";

    @Override
    public void routes(Routes routes) {
        routes.delivery(Routes.Method.POST, BASE + "register", RegistrationRoutes::register);
        routes.delivery(Routes.Method.DELETE, BASE + "register", RegistrationRoutes::cancel);
        routes.delivery(Routes.Method.GET, BASE + "registration", RegistrationRoutes::mine);
        routes.admin(Routes.Method.GET, "/admin/v1/events/{id}/registrations", Set.of("editor"), RegistrationRoutes::list);
        routes.admin(Routes.Method.POST, "/admin/v1/events/{id}/attendance", Set.of("editor"), RegistrationRoutes::attendance);
    }

    private static Reply register(RouteRequest request, PluginServices services) {
        CurrentUser user = request.requireUser();
        long eventId = request.idParam("id");
        Instant now = services.now();
        return services.transaction(tx -> {
            Document event = Seats.lockEvent(tx, eventId);
            Seats.requireOpen(event, now);
            Optional<Document> existing = Seats.registrationOf(tx, eventId, user.id());
            if (existing.isPresent() && !"cancelled".equals(existing.get().text("status").orElse(""))) {
                throw Refusal.conflict("You are already registered for this event (" + existing.get().text("status")
                        .orElse("") + ")", Map.of("event", "already registered"));
            }
            boolean seat = Seats.limit(event).map(limit -> Seats.taken(tx, eventId) < limit).orElse(true);
            String status = seat ? "registered" : "waitlisted";
            Map<String, Object> fields = Map.of("status", status, "registration_date", now.toString(), "reminded", false);
            Document registration = existing.isPresent()
                    ? tx.documents().update(Seats.REGISTRATION, existing.get().id(), fields)
                    : tx.documents().create(Seats.REGISTRATION, with(fields, Map.of("event", eventId, "user_id", user.id())),
                                            Optional.of(user.id()));
            Map<String, String> vars = Seats.mailVariables(event, user.fullName());
            if (seat) {
                tx.mail().send("event-registration", user.email(), vars);
                return Reply.created(view(tx, registration, eventId), "You are registered");
            }
            long position = position(tx, eventId, registration.id());
            vars.put("position", Long.toString(position));
            tx.mail().send("event-waitlisted", user.email(), vars);
            return Reply.created(view(tx, registration, eventId), "The event is full: you are number " + position
                    + " on the waitlist");
        });
    }

    private static Reply cancel(RouteRequest request, PluginServices services) {
        CurrentUser user = request.requireUser();
        long eventId = request.idParam("id");
        Instant now = services.now();
        return services.transaction(tx -> {
            Document event = Seats.lockEvent(tx, eventId);
            Seats.requireOpen(event, now);
            Document registration = Seats.registrationOf(tx, eventId, user.id())
                    .filter(r -> Set.of("registered", "waitlisted").contains(r.text("status").orElse("")))
                    .orElseThrow(() -> Refusal.notFound("You are not registered for this event"));
            Document cancelled = tx.documents().update(Seats.REGISTRATION, registration.id(), Map.of("status", "cancelled"));
            promote(tx, event);
            return Reply.ok(view(tx, cancelled, eventId), "Your registration is cancelled");
        });
    }

    /** Gives freed seats to the waitlist, first come first served. */
    static void promote(Tx tx, Document event) {
        long eventId = event.id();
        for (Document waiting : Seats.waitlist(tx, eventId)) {
            if (Seats.limit(event).map(limit -> Seats.taken(tx, eventId) >= limit).orElse(false)) {
                return;
            }
            tx.documents().update(Seats.REGISTRATION, waiting.id(), Map.of("status", "registered"));
            long userId = waiting.number("user_id").orElseThrow().longValue();
            tx.users().byId(userId).ifPresent(u -> {
                tx.mail().send("event-promoted", u.email(), Seats.mailVariables(event, u.fullName()));
                tx.notifications().notify(u.id(), "event.promoted", "A seat opened up: " + event.text("title").orElse(""),
                                          "You are now registered.", Map.of("event", eventId));
            });
        }
    }

    private static Reply mine(RouteRequest request, PluginServices services) {
        CurrentUser user = request.requireUser();
        long eventId = request.idParam("id");
        return services.transaction(tx -> {
            tx.documents().get(Seats.EVENT, eventId).filter(Document::published)
                    .orElseThrow(() -> Refusal.notFound("No event with id " + eventId));
            Document registration = Seats.registrationOf(tx, eventId, user.id())
                    .orElseThrow(() -> Refusal.notFound("You are not registered for this event"));
            return Reply.ok(view(tx, registration, eventId));
        });
    }

    private static Reply list(RouteRequest request, PluginServices services) {
        long eventId = request.idParam("id");
        return services.transaction(tx -> {
            Document event = tx.documents().get(Seats.EVENT, eventId)
                    .orElseThrow(() -> Refusal.notFound("No event with id " + eventId));
            List<Map<String, Object>> list = new ArrayList<>();
            for (Document r : tx.documents().find(Seats.REGISTRATION, Map.of("event", eventId), 1000)) {
                Map<String, Object> row = new LinkedHashMap<>(r.data());
                row.put("id", r.id());
                tx.users().byId(r.number("user_id").orElseThrow().longValue()).ifPresent(u -> {
                    row.put("email", u.email());
                    row.put("full_name", u.fullName());
                });
                list.add(row);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("event", eventId);
            data.put("attendees_limit", event.data().get("attendees_limit"));
            data.put("current_attendees", event.data().get("current_attendees"));
            data.put("registrations", list);
            return Reply.ok(data);
        });
    }

    private static Reply attendance(RouteRequest request, PluginServices services) {
        long eventId = request.idParam("id");
        Map<String, Object> body = request.body();
        Map<String, String> problems = new LinkedHashMap<>();
        if (!(body.get("user_id") instanceof Long)) {
            problems.put("user_id", "must be the id of a registered user");
        }
        if (!(body.get("attended") instanceof Boolean)) {
            problems.put("attended", "must be true or false");
        }
        body.keySet().stream().filter(k -> !Set.of("user_id", "attended").contains(k))
                .forEach(k -> problems.put(k, "is not accepted here (user_id, attended)"));
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
        long userId = (Long) body.get("user_id");
        boolean attended = (Boolean) body.get("attended");
        return services.transaction(tx -> {
            Seats.lockEvent(tx, eventId);
            Document registration = Seats.registrationOf(tx, eventId, userId)
                    .filter(r -> Set.of("registered", "attended").contains(r.text("status").orElse("")))
                    .orElseThrow(() -> Refusal.conflict("User " + userId + " holds no seat at this event"
                                                                + " (only registered users can attend)"));
            Document updated = tx.documents().update(Seats.REGISTRATION, registration.id(),
                                                     Map.of("status", attended ? "attended" : "registered"));
            return Reply.ok(view(tx, updated, eventId), attended ? "Marked as attended" : "Marked as not attended");
        });
    }

    private static long position(Tx tx, long eventId, long registrationId) {
        List<Document> waitlist = Seats.waitlist(tx, eventId);
        for (int i = 0; i < waitlist.size(); i++) {
            if (waitlist.get(i).id() == registrationId) {
                return i + 1;
            }
        }
        return 0;
    }

    private static Map<String, Object> view(Tx tx, Document registration, long eventId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", registration.id());
        data.put("event", eventId);
        data.put("status", registration.data().get("status"));
        data.put("registration_date", registration.data().get("registration_date"));
        if ("waitlisted".equals(registration.data().get("status"))) {
            data.put("waitlist_position", position(tx, eventId, registration.id()));
        }
        Document event = tx.documents().get(Seats.EVENT, eventId).orElseThrow();
        data.put("current_attendees", event.data().get("current_attendees"));
        data.put("attendees_limit", event.data().get("attendees_limit"));
        return data;
    }

    private static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }
}
