package org.bitwreckers.cms.core.notification;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open notification streams on this node, by user. The {@code notifications} channel (one LISTEN per node)
 * feeds it, so a notification created on any node reaches the user's streams on every node.
 */
public final class NotificationHub {
    private final NotificationService notifications;
    private final Map<Long, Set<Consumer<String>>> streams = new ConcurrentHashMap<>();

    /**
     * @param notifications loads announced notifications
     */
    public NotificationHub(NotificationService notifications) {
        this.notifications = notifications;
    }

    /**
     * @param userId whose notifications
     * @param sink   receives each notification's JSON
     * @return closes the subscription
     */
    public AutoCloseable subscribe(long userId, Consumer<String> sink) {
        streams.compute(userId, (id, sinks) -> { // atomically with a concurrent unsubscribe of the same user
            Set<Consumer<String>> set = sinks == null ? ConcurrentHashMap.newKeySet() : sinks;
            set.add(sink);
            return set;
        });
        return () -> streams.computeIfPresent(userId, (id, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    /**
     * Handles one announcement from the channel.
     *
     * @param payload {@code <userId>:<notificationId>}
     */
    public void announced(String payload) {
        int colon = payload.indexOf(':');
        long userId = Long.parseLong(payload.substring(0, colon));
        Set<Consumer<String>> sinks = streams.get(userId);
        if (sinks == null || sinks.isEmpty()) {
            return; // nobody of this user is connected to this node
        }
        notifications.get(Long.parseLong(payload.substring(colon + 1)))
                .ifPresent(json -> sinks.forEach(sink -> sink.accept(json)));
    }
}
