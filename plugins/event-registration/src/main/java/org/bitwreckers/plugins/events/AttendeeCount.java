package org.bitwreckers.plugins.events;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.Tx;
import org.bitwreckers.cms.spi.Write;

/**
 * Keeps every event's current_attendees equal to its seats taken: an event write always stores the real count
 * (editors cannot set it), and every registration write recounts its event.
 */
@Extension
public final class AttendeeCount implements ContentHook {
    @Override
    public boolean handles(String type) {
        return type.equals(Seats.EVENT) || type.equals(Seats.REGISTRATION);
    }

    @Override
    public void beforeSave(Write write, Tx tx) {
        if (write.type().equals(Seats.EVENT)) {
            write.data().put("current_attendees", write.id().map(id -> Seats.taken(tx, id)).orElse(0L));
        }
    }

    @Override
    public void afterSave(Write write, Tx tx) {
        if (write.type().equals(Seats.REGISTRATION) && write.data().get("event") instanceof Long eventId) {
            Seats.recount(tx, eventId);
        }
    }

    /** A registration an editor deletes frees its seat like a cancellation: the waitlist moves up. */
    @Override
    public void afterDelete(Write write, Tx tx) {
        if (write.type().equals(Seats.REGISTRATION) && write.data().get("event") instanceof Long eventId) {
            tx.documents().lock(Seats.EVENT, eventId).ifPresent(event -> {
                RegistrationRoutes.promote(tx, event);
                Seats.recount(tx, eventId);
            });
        }
    }
}
