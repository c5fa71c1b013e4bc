package org.bitwreckers.cms.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One gzip member (RFC 1952) made in two steps: the start of a text compressed once, then, for each answer, an ending
 * that differs every time (the envelope's timestamp). The start ends on a deflate sync flush (a byte boundary, no
 * final block), so an ending can follow as a final stored block (RFC 1951 3.2.4), then the CRC-32 and length of the
 * whole text. One member rather than two concatenated ones: browsers, curl and OkHttp read only the first.
 */
final class GzipMember {
    /** ID1 ID2, deflate, no flags, no modification time, no extra flags, unknown OS. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A stored block's length is two bytes. */
    private static final int MAX_ENDING = 0xffff;
    private static final int TRAILER = 5 + 8; // stored block header, then CRC-32 and length

    private GzipMember() {
    }

    /**
     * @param start the text's start
     * @return the gzip header and the compressed start, ending on a sync flush
     */
    static byte[] start(byte[] start) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(start);
            ByteArrayOutputStream out = new ByteArrayOutputStream(start.length / 4 + 64);
            out.writeBytes(HEADER);
            byte[] buffer = new byte[8192];
            int n;
            do { // a sync flush that fills the buffer has more to give
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * @param compressed {@link #start} of {@code start}
     * @param start      the text's start, uncompressed (for the checksum)
     * @param ending     the rest of the text, at most 65,535 bytes
     * @return the complete member: the compressed start, the ending stored as the final block, the trailer
     */
    static byte[] finish(byte[] compressed, byte[] start, byte[] ending) {
        if (ending.length > MAX_ENDING) {
            throw new IllegalArgumentException("an ending is at most " + MAX_ENDING + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(start);
        crc.update(ending);
        ByteBuffer member = ByteBuffer.allocate(compressed.length + ending.length + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        member.put(compressed)
                .put((byte) 1) // BFINAL = 1, BTYPE = 00 (stored), then padding to the byte
                .putShort((short) ending.length).putShort((short) ~ending.length)
                .put(ending)
                .putInt((int) crc.getValue())
                .putInt(start.length + ending.length); // ISIZE: the length modulo 2^32
        return member.array();
    }
}
