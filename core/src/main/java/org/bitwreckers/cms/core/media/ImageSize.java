package org.bitwreckers.cms.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's size read from its header only, never by decoding pixels: a decompression bomb is measured before
 * anything allocates memory for it.
 */
final class ImageSize {
    record Size(int width, int height) {
        long pixels() {
            return (long) width * height;
        }
    }

    private ImageSize() {
    }

    static Optional<Size> of(Path file, String contentType) throws IOException {
        if (contentType.equals("image/webp")) {
            return webp(file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
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
        } catch (javax.imageio.IIOException e) {
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
        String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
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

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int u24(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }
}
