package org.bitwreckers.cms.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A success envelope ready to be sent many times: kept without its timestamp (see {@link Envelope#endingLength}),
 * with the strong ETag of those bytes and, when it is worth it, their gzip and brotli compressions, made once. Each
 * answer adds the time it is sent: to the text, or as the uncompressed ending of the gzip member ({@link GzipMember})
 * or brotli stream ({@link BrotliStream}). The whole answer of each form is made once per second (the ending changes
 * only then) and shared by the hits of that second.
 */
public final class EnvelopeBody {
    /** Below this, gzip's header, trailer and uncompressed ending outweigh what compression saves. */
    static final int GZIP_MIN_BYTES = 1024;
    /** A representation in another content coding needs its own strong ETag (RFC 9110 8.8.3). */
    private static final String GZIP_SUFFIX = "-gzip";
    private static final String BROTLI_SUFFIX = "-br";

    /** The envelope's UTF-8 bytes up to its timestamp, and for a body just made, the old ending after them. */
    private final byte[] text;
    private final int headLength;
    private final byte[] gzipStart;
    private final byte[] brotliStart;
    private final String etag;
    /** The last whole answers made, with the ending they carry; replaced when a hit brings a newer ending. */
    private volatile Sent lastIdentity;
    private volatile Sent lastGzip;
    private volatile Sent lastBrotli;

    /**
     * @param text        the envelope's UTF-8 bytes: its head, perhaps followed by what is not sent
     * @param headLength  how many of them are the head, up to its timestamp
     * @param gzipStart   the head gzip-compressed, ending on a sync flush, or null when the body is sent only as it is
     * @param brotliStart the head brotli-compressed, ending on a flush, or null when it has no brotli form
     * @param etag        strong ETag of the head (quoted)
     */
    private EnvelopeBody(byte[] text, int headLength, byte[] gzipStart, byte[] brotliStart, String etag) {
        this.text = text;
        this.headLength = headLength;
        this.gzipStart = gzipStart;
        this.brotliStart = brotliStart;
        this.etag = etag;
    }

    /**
     * @param envelope a success envelope from {@link Envelope}
     * @return the body, sent only as it is
     */
    public static EnvelopeBody of(String envelope) {
        // the old ending stays in the array: cutting it was a copy of the whole answer, and most bodies go out once
        byte[] text = envelope.getBytes(StandardCharsets.UTF_8);
        int headLength = text.length - Envelope.endingLength(envelope);
        return new EnvelopeBody(text, headLength, null, null, Responses.etag(text, headLength));
    }

    /** @return how many UTF-8 bytes the envelope has up to its timestamp */
    public int headLength() {
        return headLength;
    }

    /** @return the compressed head ending on a sync flush, or null when the body is sent only as it is */
    public byte[] gzipStart() {
        return gzipStart;
    }

    /** @return the head brotli-compressed ending on a flush, or null when the body has no brotli form */
    public byte[] brotliStart() {
        return brotliStart;
    }

    /** @return strong ETag of the head (quoted) */
    public String etag() {
        return etag;
    }

    /**
     * @return the same body to be kept and sent many times: its head alone, with its gzip form and, where the brotli
     *         encoder loaded, its brotli form (small ones stay as they are)
     */
    public EnvelopeBody compressed() {
        if (headLength < GZIP_MIN_BYTES) {
            return this;
        }
        byte[] head = Arrays.copyOf(text, headLength);
        return new EnvelopeBody(head, headLength, GzipMember.start(head),
                                BrotliStream.available() ? BrotliStream.start(head) : null, etag);
    }

    /**
     * @return the bytes kept, counted twice (for the cache's bound): as kept, and as the whole answers of the last
     *         second (for a large one, the tail that follows its first write)
     */
    public int size() {
        return 2 * headLength + 2 * (gzipStart == null ? 0 : gzipStart.length)
                + 2 * (brotliStart == null ? 0 : brotliStart.length);
    }

    /** @return the ETag of the gzip representation: the same content, so the head's tag with a suffix */
    String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + GZIP_SUFFIX + "\"";
    }

    /** @return the ETag of the brotli representation */
    String brotliEtag() {
        return etag.substring(0, etag.length() - 1) + BROTLI_SUFFIX + "\"";
    }

    /**
     * @param ending {@link Envelope#ending()} (one array for a whole second)
     * @return the whole envelope as it is (a copy: for tests)
     */
    byte[] identity(byte[] ending) {
        Sent sent = identityAnswer(ending);
        if (sent.tail() == null) {
            return sent.first().clone();
        }
        byte[] all = Arrays.copyOf(sent.first(), Responses.FIRST_WRITE + sent.tail().length);
        System.arraycopy(sent.tail(), 0, all, Responses.FIRST_WRITE, sent.tail().length);
        return all;
    }

    /**
     * @param ending {@link Envelope#ending()} (one array for a whole second)
     * @return the whole envelope as it is, or for one that goes out in two writes its first bytes and its tail
     *         (shared: never to be written to)
     */
    Sent identityAnswer(byte[] ending) {
        Sent last = lastIdentity;
        if (last != null && last.ending() == ending) {
            return last;
        }
        Sent sent;
        if (Responses.writtenInTwo(headLength + ending.length)) {
            // the first write's bytes are the head's own: only what follows them is made, from the head and the ending
            byte[] tail = Arrays.copyOfRange(text, Responses.FIRST_WRITE, headLength + ending.length);
            System.arraycopy(ending, 0, tail, headLength - Responses.FIRST_WRITE, ending.length);
            sent = new Sent(ending, text, tail);
        } else {
            byte[] all = Arrays.copyOf(text, headLength + ending.length);
            System.arraycopy(ending, 0, all, headLength, ending.length);
            sent = new Sent(ending, all, null);
        }
        lastIdentity = sent;
        return sent;
    }

    /**
     * @param ending {@link Envelope#ending()} (one array for a whole second)
     * @return the whole envelope as one gzip member (only when {@link #gzipStart} is present; shared: never to be
     *         written to)
     */
    byte[] gzip(byte[] ending) {
        Sent last = lastGzip;
        if (last != null && last.ending() == ending) {
            return last.first();
        }
        byte[] member = GzipMember.finish(gzipStart, text, ending); // a body with a gzip form keeps its head alone
        lastGzip = new Sent(ending, member, null);
        return member;
    }

    /**
     * @param ending {@link Envelope#ending()} (one array for a whole second)
     * @return the whole envelope as one brotli stream (only when {@link #brotliStart} is present; shared: never to be
     *         written to)
     */
    byte[] brotli(byte[] ending) {
        Sent last = lastBrotli;
        if (last != null && last.ending() == ending) {
            return last.first();
        }
        byte[] stream = BrotliStream.finish(brotliStart, ending);
        lastBrotli = new Sent(ending, stream, null);
        return stream;
    }

    /**
     * A whole answer and the ending it was made with.
     *
     * @param ending the ending
     * @param first  the whole answer; for one sent in two writes, an array that starts with its first write's bytes
     * @param tail   what follows its first write, for one sent in two writes (else null)
     */
    record Sent(byte[] ending, byte[] first, byte[] tail) {
    }
}
