package org.bitwreckers.cms.core.notification;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The open notification streams on this node, by user. The {@code notifications} channel (one LISTEN per node)
 * feeds it, so a notification created on any node reaches the user's streams on every node; the
 * {@code sessions_ended} channel ends the streams opened by a session that ended (sign-out) or by a user whose
 * sessions all ended (deactivation, role change, password reset, erasure), on every node.
 */
public final class NotificationHub {
    private final NotificationService notifications;
    private final Map<Long, Set<Subscription>> streams = new ConcurrentHashMap<>();

    /**
     * Who opened a stream: it ends when their session or all of their sessions end.
     *
     * @param userId  the signed-in user who opened it (empty for an API token)
     * @param session their session, if known
     */
    public record Opener(Optional<Long> userId, Optional<UUID> session) {
        /** A stream opened with an API token: it ends only when the client goes away. */
        public static final Opener TOKEN = new Opener(Optional.empty(), Optional.empty());
    }

    private record Subscription(Consumer<String> sink, Opener opener, Runnable onEnd) {
    }

    /**
     * @param notifications loads announced notifications
     */
    public NotificationHub(NotificationService notifications) {
        this.notifications = notifications;
    }

    /**
     * @param userId whose notifications
     * @param opener who opened the stream
     * @param sink   receives each notification's JSON
     * @param onEnd  called when the opener's session ends
     * @return closes the subscription
     */
    public AutoCloseable subscribe(long userId, Opener opener, Consumer<String> sink, Runnable onEnd) {
        Subscription subscription = new Subscription(sink, opener, onEnd);
        streams.compute(userId, (id, sinks) -> { // atomically with a concurrent unsubscribe of the same user
            Set<Subscription> set = sinks == null ? ConcurrentHashMap.newKeySet() : sinks;
            set.add(subscription);
            return set;
        });
        return () -> streams.computeIfPresent(userId, (id, sinks) -> {
            sinks.remove(subscription);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    /**
     * Handles one announcement from the {@code sessions_ended} channel.
     *
     * @param payload {@code session:<uuid>} or {@code user:<userId>}
     */
    public void sessionsEnded(String payload) {
        Predicate<Opener> ended;
        if (payload.startsWith("session:")) {
            Optional<UUID> session = Optional.of(UUID.fromString(payload.substring("session:".length())));
            ended = opener -> opener.session().equals(session);
        } else if (payload.startsWith("user:")) {
            Optional<Long> user = Optional.of(Long.parseLong(payload.substring("user:".length())));
            ended = opener -> opener.userId().equals(user);
        } else {
            return;
        }
        streams.values().forEach(set -> set.stream().filter(s -> ended.test(s.opener())).forEach(s -> s.onEnd().run()));
    }

    /**
     * Handles one announcement from the channel.
     *
     * @param payload {@code <userId>:<notificationId>}
     */
    public void announced(String payload) {
        int colon = payload.indexOf(':');
        long userId = Long.parseLong(payload.substring(0, colon));
        Set<Subscription> sinks = streams.get(userId);
        if (sinks == null || sinks.isEmpty()) {
            return; // nobody of this user is connected to this node
        }
        notifications.get(Long.parseLong(payload.substring(colon + 1)))
                .ifPresent(json -> sinks.forEach(s -> s.sink().accept(json)));
    }
}
