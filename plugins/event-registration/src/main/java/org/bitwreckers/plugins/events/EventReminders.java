package org.bitwreckers.plugins.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.PluginConfig;
import org.bitwreckers.cms.spi.PluginServices;
import org.bitwreckers.cms.spi.ScheduledTask;

/**
 * Reminds registered users of an event a configurable time before it starts (PLUGIN_EVENT_REGISTRATION_REMINDER_HOURS,
 * default 24), by mail and notification, once per registration.
 */
@Extension
public final class EventReminders implements ScheduledTask {
    @Override
    public String name() {
        return "reminders";
    }

    @Override
    public Duration interval(PluginConfig config) {
        return Duration.ofMinutes(config.number("reminder-check-minutes", 15));
    }

    @Override
    public void run(PluginServices services) {
        Instant now = services.now();
        Instant horizon = now.plus(Duration.ofHours(services.config().number("reminder-hours", 24)));
        for (Document event : services.documents().find(Seats.EVENT, Map.of("status", "upcoming"), 1000)) {
            boolean soon = event.published() && Seats.date(event).map(d -> d.isAfter(now) && !d.isAfter(horizon))
                    .orElse(false);
            if (!soon) {
                continue;
            }
            for (Document r : services.documents().find(Seats.REGISTRATION, Map.of("event", event.id(), "status",
                                                                                       "registered", "reminded", false),
                                                        1000)) {
                remind(services, event, r.id());
            }
        }
    }

    /** One registration per transaction: a failure later on does not undo reminders already sent. */
    private static void remind(PluginServices services, Document event, long registrationId) {
        services.transaction(tx -> {
            tx.documents().lock(Seats.EVENT, event.id()); // the event first, as every seat change does: no deadlocks
            Document r = tx.documents().lock(Seats.REGISTRATION, registrationId).orElse(null);
            if (r == null || !Boolean.FALSE.equals(r.data().get("reminded"))
                    || !"registered".equals(r.data().get("status"))) {
                return null; // another run got here first, or it changed meanwhile
            }
            tx.documents().update(Seats.REGISTRATION, r.id(), Map.of("reminded", true));
            long userId = r.number("user_id").orElseThrow().longValue();
            tx.users().byId(userId).ifPresent(u -> {
                tx.mail().send("event-reminder", u.email(), Seats.mailVariables(event, u.fullName()));
                tx.notifications().notify(u.id(), "event.reminder", "Coming up: " + event.text("title").orElse(""),
                                          "Starts " + event.text("date").orElse("") + " at "
                                                  + event.text("location").orElse(""), Map.of("event", event.id()));
            });
            return null;
        });
    }
}
