package org.bitwreckers.cms.core.media;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Removes metadata (EXIF with GPS positions, XMP, comments) from JPEG, PNG and WebP files without re-encoding the image:
 * only whole metadata segments or chunks are dropped, every pixel byte is copied as is. A JPEG's EXIF orientation
 * survives as a new EXIF segment holding nothing else, so a phone photo is still shown the right way up.
 */
final class Metadata {
    /** PNG chunks that carry text or EXIF; everything else (pixels, palette, colour, transparency) is kept. */
    private static final Set<String> PNG_METADATA = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Metadata() {
    }

    /**
     * @param contentType sniffed type
     * @param in          the original
     * @param out         where the stripped copy goes
     * @return the EXIF orientation the image is shown in (1 to 8; 1 unless a JPEG says otherwise)
     * @throws IOException when the file is malformed
     */
    static int strip(String contentType, InputStream in, OutputStream out) throws IOException {
        switch (contentType) {
            case "image/jpeg" -> {
                return jpeg(new DataInputStream(in), out);
            }
            case "image/png" -> png(new DataInputStream(in), out);
            case "image/webp" -> webp(in, out);
            default -> in.transferTo(out);
        }
        return Orientation.NORMAL;
    }

    /**
     * Copies JPEG segments except APP1..APP13 and APP15 (EXIF, XMP, IPTC...) and comments, then the image data; the
     * first EXIF segment's place takes the orientation alone, when it is not the normal one.
     */
    private static int jpeg(DataInputStream in, OutputStream out) throws IOException {
        int orientation = Orientation.NORMAL;
        if (in.readUnsignedShort() != 0xFFD8) {
            throw new IOException("not a JPEG");
        }
        out.write(0xFF);
        out.write(0xD8);
        while (true) {
            int marker = in.readUnsignedShort();
            if ((marker & 0xFF00) != 0xFF00) {
                throw new IOException("broken JPEG segment");
            }
            if (marker == 0xFFDA) { // start of scan: image data up to the end-of-image marker, nothing after it
                out.write(marker >> 8);
                out.write(marker & 0xFF);
                byte[] rest = in.readAllBytes(); // bounded by the upload limit
                int end = rest.length;
                for (int i = 0; i + 1 < rest.length; i++) {
                    if ((rest[i] & 0xFF) == 0xFF && (rest[i + 1] & 0xFF) == 0xD9) {
                        end = i + 2; // entropy-coded data never holds FF D9: this is EOI
                        break;
                    }
                }
                out.write(rest, 0, end);
                return orientation;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                throw new IOException("broken JPEG segment length");
            }
            byte[] body = in.readNBytes(length - 2);
            if (body.length != length - 2) {
                throw new EOFException("truncated JPEG");
            }
            boolean iccProfile = marker == 0xFFE2 && new String(body, 0, Math.min(12, body.length),
                                                                  StandardCharsets.ISO_8859_1).equals("ICC_PROFILE\0");
            // colour profiles stay (colours would shift without them); EXIF, XMP, IPTC and comments go
            boolean metadata = !iccProfile && ((marker >= 0xFFE1 && marker <= 0xFFED) || marker == 0xFFEF
                    || marker == 0xFFFE);
            if (metadata && marker == 0xFFE1 && orientation == Orientation.NORMAL) {
                orientation = Orientation.fromExif(body);
                if (orientation != Orientation.NORMAL) {
                    segment(out, marker, Orientation.exifSegment(orientation));
                }
            }
            if (!metadata) {
                segment(out, marker, body);
            }
        }
    }

    private static void segment(OutputStream out, int marker, byte[] body) throws IOException {
        out.write(marker >> 8);
        out.write(marker & 0xFF);
        out.write((body.length + 2) >> 8);
        out.write((body.length + 2) & 0xFF);
        out.write(body);
    }

    /** Drops the EXIF and XMP chunks of a WebP (RIFF) file, clears their flags in VP8X, and fixes the RIFF size. */
    private static void webp(InputStream in, OutputStream out) throws IOException {
        byte[] all = in.readAllBytes();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 12 || !new String(all, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                || !new String(all, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
            throw new IOException("not a WebP file");
        }
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int at = 12;
        while (at + 8 <= all.length) {
            String name = new String(all, at, 4, StandardCharsets.ISO_8859_1);
            long size = b.getInt(at + 4) & 0xFFFFFFFFL;
            long padded = size + (size & 1);
            if (at + 8 + padded > all.length && at + 8 + size > all.length) {
                throw new EOFException("truncated WebP");
            }
            int length = (int) Math.min(8 + padded, all.length - at);
            if (!name.equals("EXIF") && !name.equals("XMP ")) {
                byte[] chunk = Arrays.copyOfRange(all, at, at + length);
                if (name.equals("VP8X") && chunk.length > 8) {
                    chunk[8] &= (byte) ~0x0C; // no EXIF (0x08) or XMP (0x04) any more
                }
                chunks.write(chunk);
            }
            at += length;
        }
        byte[] body = chunks.toByteArray();
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + body.length)
                .put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        out.write(header.array());
        out.write(body);
    }

    private static void png(DataInputStream in, OutputStream out) throws IOException {
        byte[] signature = in.readNBytes(8);
        if (!Arrays.equals(signature, PNG_SIGNATURE)) {
            throw new IOException("not a PNG");
        }
        out.write(signature);
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                return;
            }
            if (length < 0) {
                throw new IOException("broken PNG chunk length");
            }
            byte[] type = in.readNBytes(4);
            byte[] rest = in.readNBytes(length + 4); // data and CRC
            if (type.length != 4 || rest.length != length + 4 || length < 0) {
                throw new EOFException("truncated PNG");
            }
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if (!PNG_METADATA.contains(name)) {
                new DataOutputStream(out).writeInt(length);
                out.write(type);
                out.write(rest);
            }
            if (name.equals("IEND")) {
                return;
            }
        }
    }
}
