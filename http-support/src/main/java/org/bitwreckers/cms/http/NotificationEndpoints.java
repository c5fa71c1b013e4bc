package org.bitwreckers.cms.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.document.JsonText;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.notification.NotificationHub;
import org.bitwreckers.cms.core.notification.NotificationService;

/**
 * One user's notification endpoints, shared by the delivery API (the signed-in user's own) and the admin API
 * (staff acting for a user): list, unread count, mark read, and the live Server-Sent Events stream.
 */
public final class NotificationEndpoints {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final NotificationService notifications;
    private final NotificationHub hub;

    /**
     * @param notifications stored notifications
     * @param hub           live streams on this node
     */
    public NotificationEndpoints(NotificationService notifications, NotificationHub hub) {
        this.notifications = notifications;
        this.hub = hub;
    }

    /**
     * @param req    request ({@code status=unread}, page, pageSize)
     * @param res    response
     * @param userId whose
     */
    public void list(ServerRequest req, ServerResponse res, long userId) {
        boolean unread = RequestParams.single(req, "status").map("unread"::equals).orElse(false);
        Paging paging = Paging.of(req, java.util.Set.of("status"));
        Page result = notifications.list(userId, unread, 0, paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(result, "Found " + result.total() + " notifications"));
    }

    /**
     * @param res    response
     * @param userId whose
     */
    public void unreadCount(ServerResponse res, long userId) {
        Responses.json(res, Status.OK_200, Envelope.success("{\"unread\":" + notifications.unread(userId) + "}", "OK"));
    }

    /**
     * @param res            response
     * @param userId         whose (another user's notification is not found)
     * @param notificationId which
     */
    public void markRead(ServerResponse res, long userId, long notificationId) {
        notifications.markRead(userId, notificationId);
        Responses.json(res, Status.OK_200, Envelope.success("{}", "Marked read"));
    }

    /**
     * @param res    response
     * @param userId whose
     */
    public void markAllRead(ServerResponse res, long userId) {
        Responses.json(res, Status.OK_200, Envelope.success("{\"marked\":" + notifications.markAllRead(userId) + "}", "OK"));
    }

    /**
     * Streams the user's notifications: what was missed since Last-Event-ID first, then each new one as it is
     * created on any node.
     *
     * @param req    request
     * @param res    response
     * @param userId whose
     */
    public void stream(ServerRequest req, ServerResponse res, long userId) {
        long lastSeen = req.headers().first(LAST_EVENT_ID).map(NotificationEndpoints::number).orElse(0L);
        BlockingQueue<EventStream.Event> queue = new LinkedBlockingQueue<>(1000);
        AutoCloseable subscription = hub.subscribe(userId, json -> queue.offer(event(json)));
        try {
            List<EventStream.Event> backlog = new ArrayList<>();
            if (lastSeen > 0) {
                notifications.since(userId, lastSeen, 500).forEach(json -> backlog.add(event(json)));
            }
            EventStream.run(res, backlog, queue, KEEP_ALIVE);
        } finally {
            try {
                subscription.close();
            } catch (Exception e) {
                // closing a subscription only removes it from a map
            }
        }
    }

    private static EventStream.Event event(String json) {
        return new EventStream.Event(JsonText.object(json).getJsonNumber("id").toString(), "notification", json);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
