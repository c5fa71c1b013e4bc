package org.bitwreckers.cms.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * Writes JSON responses, with strong ETags and 304 Not Modified for cacheable reads. Every JSON answer carries
 * {@code X-Content-Type-Options: nosniff}; an answer is {@code Cache-Control: no-store} unless it is one of the
 * cacheable public reads ({@link #cached}): tokens, profiles and staff data never sit in a browser or proxy cache.
 */
public final class Responses {
    private static final HeaderName CACHE_CONTROL = HeaderNames.CACHE_CONTROL;
    /** Browsers must take a JSON answer as JSON, never sniff it into something they would render. */
    public static final Header NOSNIFF = HeaderValues.create("X-Content-Type-Options",
                                                             "nosniff");

    /**
     * Bodies from this size on are sent in two writes (see {@link #send}); smaller ones cost little to copy. From
     * 16 KB before: a cached search of 8 KB then cost 37 KB of garbage a hit and p99 10 ms, against 14 KB and 5 ms.
     */
    private static final int WRITE_IN_TWO_FROM = 4 * 1024;
    static final int FIRST_WRITE = 256;

    private Responses() {
    }

    /**
     * @param res    response
     * @param status status
     * @param body   JSON text
     */
    public static void json(ServerResponse res, Status status, String body) {
        res.status(status);
        if (!res.headers().contains(CACHE_CONTROL)) {
            res.header(CACHE_CONTROL, "no-store");
        }
        res.header(NOSNIFF);
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        send(res, body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Sends the body, or for a HEAD request only its length. Helidon copies a body sent whole into a new buffer that
     * leaves 256 bytes for the status line and headers; ours take about 340, so it copies it again into one twice that
     * size. For a cached list of 19 KB that was 58 KB allocated and copied per hit: half the server's samples and most
     * of its garbage. A large body goes out in two writes instead: its first bytes with the headers, then the rest
     * (the listeners send without delay, so the second write does not wait for the first one's acknowledgement). The
     * rest must be an array of its own, as Helidon 4.1.2 writes an array passed with an offset wrongly
     * ({@code FixedBufferData.writeTo} takes the end for the length): cached answers keep theirs, made once a second.
     *
     * @param body the body, or when a tail is given an array that starts with its first {@link #FIRST_WRITE} bytes
     * @param tail the body past its first {@link #FIRST_WRITE} bytes, when the caller keeps it, else null
     */
    private static void send(ServerResponse res, byte[] body, byte[] tail) {
        int length = tail == null ? body.length : FIRST_WRITE + tail.length;
        if (HeadRequests.active()) {
            res.header(new ContentLength(length));
            res.send();
        } else if (!writtenInTwo(length)) {
            res.send(body);
        } else {
            res.header(new ContentLength(length));
            try (OutputStream out = res.outputStream()) {
                out.write(body, 0, FIRST_WRITE);
                out.flush(); // the headers and the first bytes, in a buffer of their own
                out.write(tail == null ? tail(body) : tail); // larger than Helidon's buffer: written as it is
            } catch (IOException e) {
                throw new UncheckedIOException("the response could not be written", e);
            }
        }
    }

    /** @return whether a body of this size goes out in two writes */
    static boolean writtenInTwo(int length) {
        return length >= WRITE_IN_TWO_FROM;
    }

    /** @return the part of a body sent in two writes that follows its first write, else null */
    static byte[] tail(byte[] body) {
        return writtenInTwo(body.length) ? Arrays.copyOfRange(body, FIRST_WRITE, body.length) : null;
    }

    /**
     * @param res     response
     * @param code    error code
     * @param message message
     * @param details details
     */
    public static void error(ServerResponse res, ErrorCode code, String message, Map<String, String> details) {
        res.header(CACHE_CONTROL, "no-store");
        json(res, Statuses.of(code), Envelope.error(code, message, details));
    }

    /**
     * Sends a cacheable envelope, compressed in the coding the client prefers among those the body has (brotli, gzip),
     * or 304 when the client's If-None-Match names any of its forms: they carry the same content, and a cache
     * revalidating the form it holds must get that form's ETag back.
     *
     * @param req          request
     * @param res          response
     * @param body         the envelope without its timestamp, which is added now
     * @param cacheControl Cache-Control value
     */
    public static void cached(ServerRequest req, ServerResponse res, EnvelopeBody body, String cacheControl) {
        AcceptEncoding.Coding coding = AcceptEncoding.preferred(
                req.headers().first(HeaderNames.ACCEPT_ENCODING).orElse(null), body.brotliStart() != null,
                body.gzipStart() != null);
        vary(res, "Accept-Encoding");
        res.header(CACHE_CONTROL, cacheControl);
        res.header(NOSNIFF);
        String ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH).orElse(null);
        if (ifNoneMatch != null) {
            String matched = matchedForm(ifNoneMatch, body, coding);
            if (matched != null) {
                res.header(HeaderNames.ETAG, matched);
                res.status(Status.NOT_MODIFIED_304);
                res.send();
                return;
            }
        }
        res.status(Status.OK_200);
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        byte[] ending = Envelope.ending();
        switch (coding) {
            case BROTLI -> {
                res.header(HeaderNames.ETAG, body.brotliEtag());
                res.header(HeaderNames.CONTENT_ENCODING, "br");
                send(res, body.brotli(ending), null);
            }
            case GZIP -> {
                res.header(HeaderNames.ETAG, body.gzipEtag());
                res.header(HeaderNames.CONTENT_ENCODING, "gzip");
                send(res, body.gzip(ending), null);
            }
            case IDENTITY -> {
                res.header(HeaderNames.ETAG, body.etag());
                EnvelopeBody.Sent answer = body.identityAnswer(ending);
                send(res, answer.first(), answer.tail());
            }
        }
    }

    /** @return the ETag of the body's form that If-None-Match names, the one being sent first; null when none */
    private static String matchedForm(String ifNoneMatch, EnvelopeBody body, AcceptEncoding.Coding coding) {
        String sent = switch (coding) {
            case BROTLI -> body.brotliEtag();
            case GZIP -> body.gzipEtag();
            case IDENTITY -> body.etag();
        };
        for (String form : new String[] {sent, body.etag(), body.gzipEtag(), body.brotliEtag()}) {
            if (matches(ifNoneMatch, form)) {
                return form;
            }
        }
        return null;
    }

    /** Adds a token to {@code Vary}, keeping those already there (the CORS filter's {@code Origin}). */
    private static void vary(ServerResponse res, String token) {
        // a loop, not streams: every cached answer passes here
        StringBuilder merged = new StringBuilder(64);
        for (String value : res.headers().all(HeaderNames.VARY, List::of)) {
            for (String present : value.split(",")) {
                String name = present.strip();
                if (name.equalsIgnoreCase(token)) {
                    return;
                }
                if (!name.isEmpty()) {
                    merged.append(name).append(", ");
                }
            }
        }
        res.header(HeaderNames.VARY, merged.append(token).toString());
    }

    /**
     * A strong ETag of a body: its CRC-32C, its CRC-32 and its length. Two checksums of different polynomials give a
     * changed answer the same tag by odds of one in 2^64, and both run as CPU instructions: SHA-256, used before, was a
     * tenth of the server's work on an uncached list. A tag needs no resistance to forged collisions: whoever could
     * craft two answers of one URL with one tag is staff publishing them, and would only keep clients on the old one.
     *
     * @param body bytes
     * @return a strong ETag of them, the same on every node
     */
    public static String etag(byte[] body) {
        return etag(body, body.length);
    }

    /**
     * @param body   bytes
     * @param length how many of them, from the first, the tag is of
     * @return a strong ETag of those, the same on every node
     */
    static String etag(byte[] body, int length) {
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(body, 0, length);
        CRC32 ieee = new CRC32();
        ieee.update(body, 0, length);
        byte[] tag = ByteBuffer.allocate(12).putInt((int) castagnoli.getValue()).putInt((int) ieee.getValue())
                .putInt(length).array();
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(tag) + "\"";
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
