package org.bitwreckers.cms.core.media;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The EXIF orientation of a JPEG (1 to 8: how the stored pixels are turned or mirrored for display). Phones store
 * photos as the sensor saw them and set this tag, so it decides which way up a picture is shown. The stored original
 * keeps this one tag (re-encoding to rotate it would lose quality); the variants get their pixels turned.
 */
final class Orientation {
    /** Pixels shown as stored. */
    static final int NORMAL = 1;
    private static final int TAG = 0x0112;
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private Orientation() {
    }

    /**
     * @param app1 the body of a JPEG APP1 segment
     * @return the orientation it holds, or {@link #NORMAL} when it is not EXIF or has none
     */
    static int fromExif(byte[] app1) {
        if (app1.length < EXIF.length + 8 || !Arrays.equals(app1, 0, EXIF.length, EXIF, 0, EXIF.length)) {
            return NORMAL;
        }
        ByteBuffer tiff = ByteBuffer.wrap(app1, EXIF.length, app1.length - EXIF.length).slice();
        tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long ifd = tiff.getInt(4) & 0xFFFFFFFFL;
        if (ifd + 2 > tiff.limit()) {
            return NORMAL;
        }
        int entries = tiff.getShort((int) ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > tiff.limit()) {
                return NORMAL;
            }
            if ((tiff.getShort(entry) & 0xFFFF) == TAG) {
                int value = tiff.getShort(entry + 8) & 0xFFFF;
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    /**
     * @param orientation 2 to 8
     * @return the body of an APP1 segment holding only this orientation (no camera, time or position)
     */
    static byte[] exifSegment(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(EXIF.length + 26).order(ByteOrder.BIG_ENDIAN);
        b.put(EXIF).put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8) // TIFF header, IFD0 at 8
                .putShort((short) 1) // one entry: orientation, SHORT, count 1
                .putShort((short) TAG).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0); // no next IFD
        return b.array();
    }

    /**
     * @param jpeg a JPEG file's bytes from the start (the segments before the image data suffice)
     * @return its orientation
     * @throws IOException when it is not a JPEG
     */
    static int ofJpeg(InputStream jpeg) throws IOException {
        DataInputStream in = new DataInputStream(jpeg);
        if (in.readUnsignedShort() != 0xFFD8) {
            throw new IOException("not a JPEG");
        }
        try {
            return segments(in);
        } catch (EOFException e) {
            return NORMAL; // no EXIF in the part that was read
        }
    }

    private static int segments(DataInputStream in) throws IOException {
        while (true) {
            int marker = in.readUnsignedShort();
            if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA) {
                return NORMAL;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                return NORMAL;
            }
            byte[] body = in.readNBytes(length - 2);
            if (marker == 0xFFE1 && fromExif(body) != NORMAL) {
                return fromExif(body);
            }
        }
    }

    /**
     * @param orientation 1 to 8
     * @return whether showing it swaps width and height (a quarter turn)
     */
    static boolean swapsSides(int orientation) {
        return orientation >= 5;
    }

    /**
     * @param image       the stored pixels
     * @param orientation 1 to 8
     * @return the pixels as they are meant to be seen
     */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = swapsSides(orientation);
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h,
                                              image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB
                                                      : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                // where the shown pixel (x, y) is stored
                int sx = switch (orientation) {
                    case 2, 3 -> w - 1 - x;
                    case 4 -> x;
                    case 5, 6 -> y;
                    default -> w - 1 - y; // 7, 8
                };
                int sy = switch (orientation) {
                    case 2 -> y;
                    case 3, 4 -> h - 1 - y;
                    case 5, 8 -> x;
                    default -> h - 1 - x; // 6, 7
                };
                out.setRGB(x, y, image.getRGB(sx, sy));
            }
        }
        return out;
    }
}
