package org.bitwreckers.cms.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;

/**
 * One brotli stream (RFC 7932) made in two steps, as {@link GzipMember} makes a gzip member: the start of a text
 * compressed once, ending on a flush (a byte boundary, no last meta-block), then for each answer an ending that
 * differs every time, as an uncompressed meta-block followed by an empty last one. Brotli has no checksum to update.
 *
 * <p>The encoder is Google's, through brotli4j's native library for the platform (Linux on x86-64 and ARM64 are
 * bundled). Where it cannot load, answers are offered in gzip only. It only ever compresses the server's own
 * answers: nothing a client sends reaches it.
 */
final class BrotliStream {
    private static final Logger LOG = Logger.getLogger(BrotliStream.class.getName());
    /**
     * Quality 6 of 11: a cache entry is compressed on the read that misses, so it must cost about what gzip does. A
     * list's 19 KB took 0.07 ms either way (860 bytes against gzip's 1,072); qualities 9 to 11 took 12 to 15 ms for
     * 1 to 9 % less.
     */
    private static final int QUALITY = 6;
    /** An uncompressed meta-block's length, written as MLEN - 1 in four nibbles, is at most 2^16. */
    private static final int MAX_ENDING = 1 << 16;
    /** ISLAST = 1 and ISLASTEMPTY = 1: the empty last meta-block. */
    private static final byte LAST_EMPTY = 0b11;
    private static final boolean AVAILABLE = load();

    private BrotliStream() {
    }

    private static boolean load() {
        try {
            if (Brotli4jLoader.isAvailable()) {
                return true;
            }
            LOG.warning("brotli is not available on this platform (" + Brotli4jLoader.getUnavailabilityCause()
                                + "): cached answers are offered in gzip only");
        } catch (LinkageError e) {
            LOG.warning("brotli is not available on this platform (" + e + "): cached answers are offered in gzip only");
        }
        return false;
    }

    /** @return whether the encoder's native library loaded */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * @param start the text's start
     * @return the stream's compressed start, ending on a flush (call only when {@link #available()})
     */
    static byte[] start(byte[] start) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(start.length / 4 + 64);
        try {
            BrotliOutputStream brotli = new BrotliOutputStream(out, new Encoder.Parameters().setQuality(QUALITY));
            try {
                brotli.write(start);
                brotli.flush(); // all of it decodable, the output byte-aligned, the stream not ended
                return out.toByteArray();
            } finally {
                brotli.close(); // frees the native encoder; what closing appends is not kept
            }
        } catch (IOException e) {
            throw new UncheckedIOException("brotli could not compress an answer", e);
        }
    }

    /**
     * @param compressed {@link #start} of the text's start
     * @param ending     the rest of the text, at most 65,536 bytes
     * @return the complete stream: the compressed start, the ending as an uncompressed meta-block, the last one
     */
    static byte[] finish(byte[] compressed, byte[] ending) {
        if (ending.length == 0 || ending.length > MAX_ENDING) {
            throw new IllegalArgumentException("an ending is 1 to " + MAX_ENDING + " bytes");
        }
        // the header's bits, lowest first: ISLAST = 0, MNIBBLES = 0 (four nibbles), MLEN - 1 in 16 bits,
        // ISUNCOMPRESSED = 1; then zero bits up to the byte: 20 bits in 3 bytes
        int header = (ending.length - 1) << 3 | 1 << 19;
        byte[] stream = new byte[compressed.length + 3 + ending.length + 1];
        System.arraycopy(compressed, 0, stream, 0, compressed.length);
        int at = compressed.length;
        stream[at] = (byte) header;
        stream[at + 1] = (byte) (header >>> 8);
        stream[at + 2] = (byte) (header >>> 16);
        System.arraycopy(ending, 0, stream, at + 3, ending.length);
        stream[stream.length - 1] = LAST_EMPTY;
        return stream;
    }
}
