package org.bitwreckers.cms.core.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;


import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.ContentEventListener;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Outgoing webhooks: staff register a URL for some content events; every matching event queues one delivery job in
 * the writing transaction. A delivery POSTs a small JSON body signed with the webhook's secret
 * ({@code X-Bitwreckers-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">}), retries with back-off until the
 * receiver answers 2xx, and is logged with its outcome. This is how a static frontend knows to rebuild. Receivers must
 * be on public addresses (unless WEBHOOK_ALLOW_PRIVATE_TARGETS), checked on the address actually connected to, and
 * each delivery has one total deadline.
 */
public final class WebhookService implements ContentEventListener, JobHandler {
    /** Job kind of one delivery. */
    public static final String DELIVER = "webhook.deliver";
    /** Event names a webhook may subscribe to. */
    public static final List<String> EVENTS = Arrays.stream(Event.values()).map(Event::wireName).toList();

    private static final String WEBHOOK = "'id', id, 'name', name, 'url', url, 'events', to_jsonb(events), 'types',"
            + " to_jsonb(types), 'active', active, 'created_at', " + SqlTime.iso("created_at");
    private static final String DELIVERY = "jsonb_build_object('id', id, 'event', event, 'payload', payload, 'status',"
            + " status, 'attempts', attempts, 'response_status', response_status, 'last_error', last_error, 'created_at', "
            + SqlTime.iso("created_at") + ", 'delivered_at', " + SqlTime.iso("delivered_at") + ")::text";
    private static final String NOT_PUBLIC = "is not a public address (loopback, private network or another"
            + " special-purpose range; set WEBHOOK_ALLOW_PRIVATE_TARGETS to allow)";

    private final DbClient db;
    private final JobQueue jobs;
    private final boolean allowPrivateTargets;
    private final Duration deadline;

    /**
     * @param db                  database client
     * @param jobs                job queue
     * @param allowPrivateTargets WEBHOOK_ALLOW_PRIVATE_TARGETS: allow receivers on loopback or private networks
     * @param deadline            WEBHOOK_TIMEOUT_SECONDS: total time one delivery may take
     */
    public WebhookService(DbClient db, JobQueue jobs, boolean allowPrivateTargets, Duration deadline) {
        this.db = db;
        this.jobs = jobs;
        this.allowPrivateTargets = allowPrivateTargets;
        this.deadline = deadline;
    }

    /**
     * Registers a webhook.
     *
     * @param name   what it is for
     * @param url    http(s) URL that receives the POSTs
     * @param events event names (see {@link #EVENTS})
     * @param types  content types it is limited to (empty: all)
     * @return the webhook as JSON, with its signing secret (shown this once)
     */
    public String create(String name, String url, List<String> events, List<String> types) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            problems.put("name", "is required (at most 100 characters)");
        }
        if (!isHttpUrl(url)) {
            problems.put("url", "must be an http or https URL");
        } else if (!allowPrivateTargets && resolvesToNonPublic(URI.create(url).getHost())) {
            problems.put("url", NOT_PUBLIC);
        }
        if (events == null || events.isEmpty() || !EVENTS.containsAll(events)) {
            problems.put("events", "must list one or more of " + String.join(", ", EVENTS));
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return db.execute().get("INSERT INTO webhooks (name, url, events, types, secret) VALUES (?, ?,"
                                        + " string_to_array(?, ','), string_to_array(?, ','), ?)"
                                        + " RETURNING jsonb_build_object(" + WEBHOOK + ", 'secret', secret)::text AS w",
                                name.strip(), url, String.join(",", events),
                                types == null || types.isEmpty() ? null : String.join(",", types), secret)
                .orElseThrow().column("w").get(String.class);
    }

    /** @return every webhook (without secrets) */
    public List<String> list() {
        try (Stream<DbRow> rows = db.execute().query("SELECT jsonb_build_object(" + WEBHOOK + ")::text AS w FROM webhooks"
                                                             + " ORDER BY id")) {
            return rows.map(r -> r.column("w").get(String.class)).toList();
        }
    }

    /**
     * @param id     webhook id
     * @param active whether it receives events
     * @return the webhook
     */
    public String setActive(long id, boolean active) {
        return db.execute().get("UPDATE webhooks SET active = ? WHERE id = ? RETURNING jsonb_build_object(" + WEBHOOK
                                        + ")::text AS w", active, id)
                .map(r -> r.column("w").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No webhook with id " + id));
    }

    /**
     * @param id webhook id
     */
    public void delete(long id) {
        if (db.execute().dml("DELETE FROM webhooks WHERE id = ?", id) == 0) {
            throw CmsException.notFound("No webhook with id " + id);
        }
    }

    /**
     * @param id webhook id
     * @return its latest 100 deliveries, newest first
     */
    public List<String> deliveries(long id) {
        if (db.execute().get("SELECT 1 AS found FROM webhooks WHERE id = ?", id).isEmpty()) {
            throw CmsException.notFound("No webhook with id " + id);
        }
        try (Stream<DbRow> rows = db.execute().query(
                "SELECT " + DELIVERY + " AS d FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT 100", id)) {
            return rows.map(r -> r.column("d").get(String.class)).toList();
        }
    }

    /**
     * Sends a logged delivery again, as a new delivery of the same event and payload (the log keeps both attempts).
     *
     * @param webhookId  webhook id
     * @param deliveryId the delivery to send again
     * @return the new delivery
     */
    public String redeliver(long webhookId, long deliveryId) {
        return Transactions.call(db, tx -> {
            DbRow old = tx.get("SELECT status FROM webhook_deliveries WHERE id = ? AND webhook_id = ?", deliveryId, webhookId)
                    .orElseThrow(() -> CmsException.notFound("Webhook " + webhookId + " has no delivery " + deliveryId));
            if (old.column("status").get(String.class).equals("queued")) {
                throw CmsException.conflict("This delivery is still being tried; redeliver it when it has failed or"
                                                    + " been delivered", Map.of());
            }
            return tx.get("INSERT INTO webhook_deliveries (webhook_id, event, payload) SELECT webhook_id, event,"
                                            + " payload FROM webhook_deliveries WHERE id = ? RETURNING " + DELIVERY + " AS d,"
                                            + " id", deliveryId)
                    .map(r -> {
                        jobs.enqueue(tx, DELIVER, Jsons.createObjectBuilder().add("delivery_id", r.column("id").get(Long.class))
                                .build());
                        return r.column("d").get(String.class);
                    }).orElseThrow();
        });
    }

    /** Queues a delivery to every active webhook that wants this event, in the writing transaction. */
    @Override
    public void changed(DbExecute tx, Event event, ContentType type, long id) {
        String payload = Jsons.createObjectBuilder().add("event", event.wireName()).add("type", type.name()).add("id", id)
                .add("occurred_at", Instant.now().toString()).build().toString();
        List<Long> deliveries = new ArrayList<>();
        try (Stream<DbRow> rows = tx.query("INSERT INTO webhook_deliveries (webhook_id, event, payload)"
                                                   + " SELECT id, ?, ?::jsonb FROM webhooks WHERE active AND ? = ANY (events)"
                                                   + " AND (types IS NULL OR ? = ANY (types)) RETURNING id",
                                           event.wireName(), payload, event.wireName(), type.name())) {
            rows.forEach(r -> deliveries.add(r.column("id").get(Long.class)));
        }
        for (long delivery : deliveries) {
            jobs.enqueue(tx, DELIVER, Jsons.createObjectBuilder().add("delivery_id", delivery).build());
        }
    }

    /** A batch asks once per event whether any webhook wants it, so a bulk import without webhooks costs nothing. */
    @Override
    public void changed(DbExecute tx, List<Event> events, ContentType type, List<Long> ids) {
        for (Event event : events) {
            if (tx.get("SELECT 1 AS wanted FROM webhooks WHERE active AND ? = ANY (events) AND (types IS NULL OR ? = ANY"
                               + " (types)) LIMIT 1", event.wireName(), type.name()).isPresent()) {
                ids.forEach(id -> changed(tx, event, type, id));
            }
        }
    }

    /** POSTs one delivery; anything but 2xx is a failure the job queue retries. */
    @Override
    public void handle(Job job) throws Exception {
        long deliveryId = job.payload().getJsonNumber("delivery_id").longValue();
        Optional<DbRow> row = db.execute().get("SELECT d.event, d.payload::text AS payload, d.status, w.url, w.secret"
                                                       + " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                                                       + " WHERE d.id = ?", deliveryId);
        if (row.isEmpty() || row.get().column("status").get(String.class).equals("delivered")) {
            return; // webhook deleted, or delivered by an earlier attempt
        }
        DbRow d = row.get();
        String body = d.column("payload").get(String.class);
        long timestamp = Instant.now().getEpochSecond();
        String signature = "t=" + timestamp + ",v1=" + hmac(d.column("secret").get(String.class), timestamp + "." + body);
        Integer status = null;
        String error;
        URI url = URI.create(d.column("url").get(String.class));
        try {
            // resolved once: the address checked is the address connected to, so DNS cannot switch it in between
            InetAddress[] addresses = InetAddress.getAllByName(url.getHost());
            if (!allowPrivateTargets && !PublicAddresses.allPublic(addresses)) {
                error = "the receiver's address " + NOT_PUBLIC;
                db.execute().dml("UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, status = 'failed'"
                                         + " WHERE id = ?", error, deliveryId);
                return;
            }
            status = WebhookPost.send(url, addresses[0], Map.of("Content-Type", "application/json",
                                                                "User-Agent", "Bitwreckers-Webhooks/1",
                                                                "X-Bitwreckers-Event", d.column("event").get(String.class),
                                                                "X-Bitwreckers-Delivery", Long.toString(deliveryId),
                                                                "X-Bitwreckers-Signature", signature), body, deadline);
            if (status >= 200 && status < 300) {
                db.execute().dml("UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,"
                                         + " response_status = ?, last_error = NULL, delivered_at = now() WHERE id = ?",
                                 status, deliveryId);
                return;
            }
            error = "receiver answered HTTP " + status;
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        db.execute().dml("UPDATE webhook_deliveries SET attempts = attempts + 1, response_status = ?, last_error = ?,"
                                 + " status = CASE WHEN ? THEN 'failed' ELSE status END WHERE id = ?",
                         status, error, job.lastAttempt(), deliveryId);
        throw new IllegalStateException(error);
    }

    /**
     * @param secret  the webhook's secret
     * @param message {@code <timestamp>.<body>}
     * @return lower-case hex HMAC-SHA256
     */
    public static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** Whether the host resolves to any address that is not public; an unresolvable host is left to delivery. */
    private static boolean resolvesToNonPublic(String host) {
        try {
            return !PublicAddresses.allPublic(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return false; // unresolvable now: delivery fails and retries like any unreachable receiver
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && url.length() <= 2048;
        } catch (Exception e) {
            return false;
        }
    }
}
