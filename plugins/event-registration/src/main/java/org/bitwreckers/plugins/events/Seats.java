package org.bitwreckers.plugins.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.Refusal;
import org.bitwreckers.cms.spi.Tx;

/**
 * The seat rules, shared by the routes, the hooks and the reminder task. Every change starts by locking the event,
 * so concurrent registrations for the same event queue up behind each other and capacity is never exceeded.
 */
final class Seats {
    static final String EVENT = "event";
    static final String REGISTRATION = "event_registration";

    private Seats() {
    }

    /** Locks a published event, or refuses with 404. */
    static Document lockEvent(Tx tx, long eventId) {
        return tx.documents().lock(EVENT, eventId).filter(Document::published)
                .orElseThrow(() -> Refusal.notFound("No event with id " + eventId));
    }

    /** Refuses changes to an event that is over. */
    static void requireOpen(Document event, Instant now) {
        if ("completed".equals(event.text("status").orElse(""))) {
            throw Refusal.conflict("This event is completed: registrations are closed");
        }
        Optional<Instant> date = date(event);
        if (date.isPresent() && !date.get().isAfter(now)) {
            throw Refusal.conflict("This event took place on " + date.get() + ": registrations are closed");
        }
    }

    static Optional<Instant> date(Document event) {
        try {
            return event.text("date").map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Seats taken: registered and attended. */
    static long taken(Tx tx, long eventId) {
        return tx.documents().count(REGISTRATION, Map.of("event", eventId, "status", "registered"))
                + tx.documents().count(REGISTRATION, Map.of("event", eventId, "status", "attended"));
    }

    static Optional<Long> limit(Document event) {
        return event.number("attendees_limit").map(Number::longValue);
    }

    /** The user's registration for the event, whatever its status. */
    static Optional<Document> registrationOf(Tx tx, long eventId, long userId) {
        return tx.documents().find(REGISTRATION, Map.of("event", eventId, "user_id", userId), 1).stream().findFirst();
    }

    /** Waiting registrations, first come first served (a re-registration queues from its new date). */
    static List<Document> waitlist(Tx tx, long eventId) {
        return tx.documents().find(REGISTRATION, Map.of("event", eventId, "status", "waitlisted"), 1000).stream()
                .sorted(Comparator.comparing((Document d) -> d.text("registration_date").orElse(""))
                                .thenComparing(Document::id)).toList();
    }

    /**
     * Stores the event's attendee count when it changed (the event hook recounts it on every write of the event);
     * unchanged counts write nothing, so editors' versions and webhooks are not disturbed.
     */
    static void recount(Tx tx, long eventId) {
        long taken = taken(tx, eventId);
        Optional<Document> event = tx.documents().get(EVENT, eventId);
        if (event.isPresent() && event.get().number("current_attendees").map(Number::longValue).orElse(-1L) != taken) {
            tx.documents().update(EVENT, eventId, Map.of("current_attendees", taken));
        }
    }

    static Map<String, String> mailVariables(Document event, String fullName) {
        Map<String, String> vars = new HashMap<>();
        vars.put("full_name", fullName);
        vars.put("event_title", event.text("title").orElse(""));
        vars.put("event_date", event.text("date").orElse(""));
        vars.put("event_location", event.text("location").orElse(""));
        return vars;
    }
}
