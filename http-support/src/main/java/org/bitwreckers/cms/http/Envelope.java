package org.bitwreckers.cms.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * The spec's response envelope. Data arrives as JSON text (PostgreSQL built it), so success bodies are assembled
 * as text without parsing the data again.
 */
public final class Envelope {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static volatile Ending lastEnding = new Ending(Long.MIN_VALUE, new byte[0]);

    private Envelope() {
    }

    /**
     * @param dataJson JSON text of {@code data}
     * @param message  human-readable message
     * @return the envelope text
     */
    public static String success(String dataJson, String message) {
        return success(dataJson, message, null);
    }

    /**
     * @param dataJson JSON text of {@code data}
     * @param message  human-readable message
     * @param metaJson JSON text of {@code meta} (pagination), or null
     * @return the envelope text
     */
    public static String success(String dataJson, String message, String metaJson) {
        return finish(start(dataJson.length() + 160).append(dataJson), message, metaJson);
    }

    /** @return a builder holding the envelope's start, where {@code data} is written next */
    private static StringBuilder start(int capacity) {
        return new StringBuilder(capacity).append("{\"success\":true,\"data\":");
    }

    /** @return the envelope, after its {@code data} was written to the builder from {@link #start} */
    private static String finish(StringBuilder sb, String message, String metaJson) {
        if (metaJson != null) {
            sb.append(",\"meta\":").append(metaJson);
        }
        return sb.append(",\"message\":").append(Jsons.createValue(message))
                .append(",\"timestamp\":\"").append(TIMESTAMP.format(Instant.now())).append("\"}")
                .toString();
    }

    /**
     * @param envelope a success envelope from this class
     * @return the length of its closing {@code timestamp} and brace, in characters and (ASCII) in UTF-8 bytes: what
     *         caches leave out of what they keep and hash, so the ETag is the same on every node and after every refill
     */
    public static int endingLength(String envelope) {
        return envelope.length() - envelope.lastIndexOf(",\"timestamp\":\"");
    }

    /**
     * @return what {@link #endingLength} measures, with the current time: the timestamp and the closing brace (shared by
     *         every answer of the same second, as formatting the time was a good part of a cached answer: not to be
     *         changed)
     */
    public static byte[] ending() {
        long second = Instant.now().getEpochSecond();
        Ending last = lastEnding;
        if (last.second() != second) {
            last = new Ending(second, (",\"timestamp\":\"" + TIMESTAMP.format(Instant.ofEpochSecond(second)) + "\"}")
                    .getBytes(StandardCharsets.US_ASCII));
            lastEnding = last;
        }
        return last.bytes();
    }

    /** The ending of the answers of one second. */
    private record Ending(long second, byte[] bytes) {
    }

    /**
     * @param page    a page of documents (JSON texts)
     * @param message human-readable message
     * @return the envelope text with {@code meta.pagination}
     */
    public static String page(Page page, String message) {
        // past the counting bound, total is a lower bound: said so, so clients can show "10,000+"; a page read from a
        // cursor has no number
        StringBuilder meta = new StringBuilder("{\"pagination\":{");
        if (page.page() > 0) {
            meta.append("\"page\":").append(page.page()).append(',');
        }
        meta.append("\"pageSize\":").append(page.pageSize()).append(",\"total\":").append(page.total())
                .append(",\"pageCount\":").append(page.pageCount());
        if (!page.totalExact()) {
            meta.append(",\"totalExact\":false");
        }
        // cursors are base64url and a dot: nothing to escape
        page.next().ifPresent(c -> meta.append(",\"nextCursor\":\"").append(c).append('"'));
        page.prev().ifPresent(c -> meta.append(",\"prevCursor\":\"").append(c).append('"'));
        // the documents are most of the answer: copied once, into a builder sized for all of it
        int size = 200 + meta.length() + message.length();
        for (String doc : page.documents()) {
            size += doc.length() + 1;
        }
        StringBuilder sb = start(size).append('[');
        for (int i = 0; i < page.documents().size(); i++) {
            sb.append(i == 0 ? "" : ",").append(page.documents().get(i));
        }
        return finish(sb.append(']'), message, meta.append("}}").toString());
    }

    /**
     * @param code    error code
     * @param message human-readable message
     * @param details field or parameter name to reason
     * @return the error envelope text
     */
    public static String error(ErrorCode code, String message, Map<String, String> details) {
        return error(code, message, details, RequestIds.current());
    }

    /**
     * @param code      error code
     * @param message   human-readable message
     * @param details   field or parameter name to reason
     * @param requestId the request's id (also in its {@code X-Request-Id} header), so a report can be found in the logs
     * @return the error envelope text
     */
    public static String error(ErrorCode code, String message, Map<String, String> details, Optional<String> requestId) {
        JsonObjectBuilder d = Jsons.createObjectBuilder();
        details.forEach(d::add);
        JsonObjectBuilder error = Jsons.createObjectBuilder()
                .add("code", code.name())
                .add("message", message == null ? code.name() : message)
                .add("details", d);
        requestId.ifPresent(id -> error.add("requestId", id));
        return Jsons.createObjectBuilder()
                .add("success", false)
                .add("error", error)
                .add("timestamp", TIMESTAMP.format(Instant.now()))
                .build()
                .toString();
    }
}
