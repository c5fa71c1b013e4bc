package org.bitwreckers.cms.core.media;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's size read from its header only, never by decoding pixels: a decompression bomb is measured before
 * anything allocates memory for it.
 */
final class ImageSize {
    /**
     * @param width  canvas width (for a GIF: the logical screen, widened to every frame's extent)
     * @param height canvas height
     * @param frames frames to decode (1 for still images)
     */
    record Size(int width, int height, long frames) {
        Size(int width, int height) {
            this(width, height, 1);
        }

        long pixels() {
            return (long) width * height;
        }

        /** Pixels a decoder fills to play every frame on the canvas once. */
        long decodedPixels() {
            return pixels() * frames;
        }
    }

    private ImageSize() {
    }

    static Optional<Size> of(Path file, String contentType) throws IOException {
        if (contentType.equals("image/webp")) {
            return webp(file);
        }
        if (contentType.equals("image/gif")) {
            return gif(file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IIOException e) {
            return Optional.empty();
        }
    }

    /** WebP (RIFF) headers: VP8X carries the canvas size, VP8 and VP8L the frame size. */
    private static Optional<Size> webp(Path file) throws IOException {
        byte[] h;
        try (InputStream in = Files.newInputStream(file)) {
            h = in.readNBytes(30);
        }
        if (h.length < 30) {
            return Optional.empty();
        }
        String chunk = new String(h, 12, 4, StandardCharsets.ISO_8859_1);
        return switch (chunk) {
            case "VP8X" -> Optional.of(new Size(1 + u24(h, 24), 1 + u24(h, 27)));
            case "VP8 " -> Optional.of(new Size(u16(h, 26) & 0x3FFF, u16(h, 28) & 0x3FFF));
            case "VP8L" -> {
                long bits = (h[21] & 0xFFL) | (h[22] & 0xFFL) << 8 | (h[23] & 0xFFL) << 16 | (h[24] & 0xFFL) << 24;
                yield Optional.of(new Size((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1));
            }
            default -> Optional.empty();
        };
    }

    /**
     * GIF blocks, walked without decoding: ImageIO reports only the first frame's size, but a player allocates the
     * logical screen (and any frame reaching past it) and fills it once per frame.
     */
    private static Optional<Size> gif(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(file)))) {
            byte[] header = in.readNBytes(13);
            if (header.length < 13 || !new String(header, 0, 3, StandardCharsets.ISO_8859_1).equals("GIF")) {
                return Optional.empty();
            }
            int width = u16(header, 6);
            int height = u16(header, 8);
            skipColourTable(in, header[10]);
            long frames = 0;
            while (true) {
                int block = in.read();
                if (block == 0x3B || block < 0) { // trailer, or a truncated file that players show up to here
                    return Optional.of(new Size(width, height, Math.max(1, frames)));
                }
                if (block == 0x21) { // extension: label, then data sub-blocks
                    in.readUnsignedByte();
                } else if (block == 0x2C) { // image descriptor: left, top, width, height, flags
                    byte[] d = in.readNBytes(9);
                    if (d.length < 9) {
                        return Optional.of(new Size(width, height, Math.max(1, frames)));
                    }
                    width = Math.max(width, u16(d, 0) + u16(d, 4));
                    height = Math.max(height, u16(d, 2) + u16(d, 6));
                    frames++;
                    skipColourTable(in, d[8]);
                    in.readUnsignedByte(); // LZW code size
                } else {
                    return Optional.empty();
                }
                for (int length = in.readUnsignedByte(); length > 0; length = in.readUnsignedByte()) {
                    in.skipNBytes(length);
                }
            }
        } catch (EOFException e) {
            return Optional.empty();
        }
    }

    private static void skipColourTable(DataInputStream in, byte flags) throws IOException {
        if ((flags & 0x80) != 0) {
            in.skipNBytes(3L << ((flags & 7) + 1));
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int u24(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }
}
