package org.bitwreckers.cms.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The DocType of an EBML file (Matroska, WebM), read from its header. Byte sniffing alone calls most WebM files
 * Matroska, because WebM is a Matroska profile and the DocType element may sit anywhere in the header.
 */
final class Ebml {
    private static final long HEADER = 0x1A45DFA3L;
    private static final long DOC_TYPE = 0x4282L;

    private Ebml() {
    }

    /**
     * @param head the first bytes of a file
     * @return the DocType ("webm", "matroska"...), or empty when the bytes do not start with an EBML header naming one
     */
    static Optional<String> docType(byte[] head) {
        int[] at = {0};
        if (id(head, at) != HEADER) {
            return Optional.empty();
        }
        long size = vint(head, at);
        long end = size < 0 ? head.length : Math.min(head.length, at[0] + size);
        while (at[0] < end) {
            long id = id(head, at);
            long length = vint(head, at);
            if (id < 0 || length < 0 || at[0] + length > end) {
                return Optional.empty();
            }
            if (id == DOC_TYPE) {
                return Optional.of(new String(head, at[0], (int) length, StandardCharsets.US_ASCII)
                                           .replace("\0", "").strip());
            }
            at[0] += (int) length;
        }
        return Optional.empty();
    }

    /** An element ID: a variable-length integer that keeps its length marker bits; -1 when malformed. */
    private static long id(byte[] b, int[] at) {
        int length = width(b, at[0]);
        if (length < 1 || length > 4 || at[0] + length > b.length) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | (b[at[0] + i] & 0xFF);
        }
        at[0] += length;
        return value;
    }

    /** A data size: a variable-length integer without its marker bits; -1 when malformed or "unknown" (all ones). */
    private static long vint(byte[] b, int[] at) {
        int length = width(b, at[0]);
        if (length < 1 || at[0] + length > b.length) {
            return -1;
        }
        long value = b[at[0]] & (0xFF >> length);
        boolean unknown = value == (0xFF >> length);
        for (int i = 1; i < length; i++) {
            int next = b[at[0] + i] & 0xFF;
            unknown &= next == 0xFF;
            value = value << 8 | next;
        }
        at[0] += length;
        return unknown ? -1 : value;
    }

    /** The length of the variable-length integer at {@code at}: one more than the leading zero bits of its first byte. */
    private static int width(byte[] b, int at) {
        if (at >= b.length || b[at] == 0) {
            return -1;
        }
        return Integer.numberOfLeadingZeros(b[at] & 0xFF) - 23;
    }
}
