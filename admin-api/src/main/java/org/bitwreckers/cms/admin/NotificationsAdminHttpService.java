package org.bitwreckers.cms.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.document.JsonText;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.notification.NotificationHub;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.EventStream;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * A user's notifications, for staff: list, unread count, mark read, send one, and the live stream (SSE). Signed-in
 * users get the same on the delivery API for themselves once accounts exist.
 */
final class NotificationsAdminHttpService implements HttpService {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final io.helidon.http.HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    /**
     * @param kind  machine-readable kind
     * @param title short text
     * @param body  longer text
     * @param data  anything the frontend needs
     */
    public record NotificationRequest(String kind, String title, String body, JsonObject data) {
    }

    private final NotificationService notifications;
    private final NotificationHub hub;
    private final JsonBody body;

    NotificationsAdminHttpService(NotificationService notifications, NotificationHub hub, JsonBody body) {
        this.notifications = notifications;
        this.hub = hub;
        this.body = body;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{user}/notifications", this::list)
                .post("/{user}/notifications", this::create)
                .any("/{user}/notifications", ErrorHandling::methodNotAllowed)
                .get("/{user}/notifications/unread-count", (req, res) -> ok(res, "{\"unread\":"
                        + notifications.unread(RequestParams.id(req, "user")) + "}"))
                .any("/{user}/notifications/unread-count", ErrorHandling::methodNotAllowed)
                .post("/{user}/notifications/read-all", (req, res) -> ok(res, "{\"marked\":"
                        + notifications.markAllRead(RequestParams.id(req, "user")) + "}"))
                .any("/{user}/notifications/read-all", ErrorHandling::methodNotAllowed)
                .get("/{user}/notifications/stream", this::stream)
                .any("/{user}/notifications/stream", ErrorHandling::methodNotAllowed)
                .post("/{user}/notifications/{id}/read", (req, res) -> {
                    notifications.markRead(RequestParams.id(req, "user"), RequestParams.id(req, "id"));
                    ok(res, "{}");
                })
                .any("/{user}/notifications/{id}/read", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req);
        boolean unread = RequestParams.single(req, "status").map("unread"::equals).orElse(false);
        Page page = notifications.list(RequestParams.id(req, "user"), unread, 0, paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " notifications"));
    }

    private void create(ServerRequest req, ServerResponse res) {
        NotificationRequest r = body.read(req, NotificationRequest.class);
        String created = notifications.notify(RequestParams.id(req, "user"), r.kind(), r.title(), r.body(),
                                              r.data() == null ? jakarta.json.JsonValue.EMPTY_JSON_OBJECT : r.data());
        Responses.json(res, Status.CREATED_201, Envelope.success(created, "Notification sent"));
    }

    /** Sends what was missed since Last-Event-ID, then every new notification as it is created on any node. */
    private void stream(ServerRequest req, ServerResponse res) {
        long user = RequestParams.id(req, "user");
        long lastSeen = req.headers().first(LAST_EVENT_ID).map(NotificationsAdminHttpService::number).orElse(0L);
        BlockingQueue<EventStream.Event> queue = new LinkedBlockingQueue<>(1000);
        try (AutoCloseable subscription = hub.subscribe(user, json -> queue.offer(event(json)))) {
            List<EventStream.Event> backlog = new ArrayList<>();
            if (lastSeen > 0) {
                notifications.since(user, lastSeen, 500).forEach(json -> backlog.add(event(json)));
            }
            EventStream.run(res, backlog, queue, KEEP_ALIVE);
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
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

    private static void ok(ServerResponse res, String json) {
        Responses.json(res, Status.OK_200, Envelope.success(json, "OK"));
    }
}
