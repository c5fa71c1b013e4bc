package org.bitwreckers.cms.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;


import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.core.identity.StreamTickets;
import org.bitwreckers.cms.core.paging.Page;
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
    private final StreamTickets tickets;

    /**
     * @param notifications stored notifications
     * @param hub           live streams on this node
     * @param tickets       single-use stream tickets (for browsers)
     */
    public NotificationEndpoints(NotificationService notifications, NotificationHub hub, StreamTickets tickets) {
        this.notifications = notifications;
        this.hub = hub;
        this.tickets = tickets;
    }

    /**
     * @param req    request ({@code status=unread}, page, pageSize)
     * @param res    response
     * @param userId whose
     */
    public void list(ServerRequest req, ServerResponse res, long userId) {
        boolean unread = RequestParams.single(req, "status").map("unread"::equals).orElse(false);
        Paging paging = Paging.of(req, Set.of("status"));
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
     * Issues a single-use ticket for a stream (for a browser's EventSource, which cannot send headers).
     *
     * @param res    response
     * @param user   the signed-in user asking
     * @param userId whose stream it opens
     */
    public void ticket(ServerResponse res, AuthenticatedUser user, long userId) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store"); // a secret, however short-lived
        Responses.json(res, Status.CREATED_201, Envelope.success(Jsons.createObjectBuilder()
                                                                           .add("ticket", tickets.issue(user, userId))
                                                                           .add("expires_in", StreamTickets.LIFETIME.toSeconds())
                                                                           .build().toString(),
                                                                   "Open the stream with ?ticket= within "
                                                                           + StreamTickets.LIFETIME.toSeconds() + " s"));
    }

    /**
     * @param req          a stream request
     * @param thisStream   whether a redeemed ticket was issued for the stream asked for
     * @return the signed-in user its {@code ticket} stands for, if it has one
     * @throws CmsException UNAUTHORIZED when the ticket is unknown, used, expired, for another stream, or its
     *                      session ended
     */
    public Optional<AuthenticatedUser> ticketHolder(ServerRequest req,
                                                    Predicate<StreamTickets.Redeemed> thisStream) {
        return RequestParams.single(req, "ticket").map(t -> tickets.redeem(t).filter(thisStream)
                .map(StreamTickets.Redeemed::user)
                .orElseThrow(() -> CmsException.unauthorized("The stream ticket is not valid (unknown, used, expired or for"
                                                                     + " another stream); ask for a new one")));
    }

    /**
     * Streams a signed-in user's own or (for staff) another user's notifications; see
     * {@link #stream(ServerRequest, ServerResponse, long, NotificationHub.Opener, Instant, BooleanSupplier)}.
     *
     * @param req      request
     * @param res      response
     * @param userId   whose
     * @param user     who opens it
     * @param accounts checks the opener is still signed in
     */
    public void stream(ServerRequest req, ServerResponse res, long userId, AuthenticatedUser user, AccountService accounts) {
        stream(req, res, userId, new NotificationHub.Opener(Optional.of(user.id()), user.session()), user.expiresAt(),
               () -> accounts.stillSignedIn(user));
    }

    /**
     * Streams the user's notifications: what was missed since Last-Event-ID (header, or {@code last_event_id} for a
     * browser that opens a new EventSource) first, then each new one as it is created on any node, until the
     * opener's session ends on any node or their access token expires.
     *
     * @param req          request
     * @param res          response
     * @param userId       whose
     * @param opener       who opens it
     * @param endsBy       when the opener's access token expires
     * @param stillCurrent whether the opener is still signed in (checked once subscribed, so a sign-out in between
     *                     is not missed)
     */
    public void stream(ServerRequest req, ServerResponse res, long userId, NotificationHub.Opener opener, Instant endsBy,
                       BooleanSupplier stillCurrent) {
        long lastSeen = req.headers().first(LAST_EVENT_ID).or(() -> RequestParams.single(req, "last_event_id"))
                .map(NotificationEndpoints::number).orElse(0L);
        BlockingQueue<EventStream.Event> queue = new LinkedBlockingQueue<>(1000);
        AutoCloseable subscription = hub.subscribe(userId, opener, json -> queue.offer(event(json)), () -> {
            queue.clear(); // nothing more is delivered once the session ended
            queue.offer(EventStream.SESSION_ENDED);
        });
        try {
            if (!stillCurrent.getAsBoolean()) {
                throw CmsException.unauthorized("The session that opened this stream has ended; sign in again");
            }
            List<EventStream.Event> backlog = new ArrayList<>();
            if (lastSeen > 0) {
                notifications.since(userId, lastSeen, 500).forEach(json -> backlog.add(event(json)));
            }
            EventStream.run(res, backlog, queue, KEEP_ALIVE, endsBy);
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
