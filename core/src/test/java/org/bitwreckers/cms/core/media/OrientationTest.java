package org.bitwreckers.cms.core.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * All eight EXIF orientations, checked against the TIFF/EXIF table ("where the stored first row and first column are
 * shown"), not against the mapping the code uses.
 */
class OrientationTest {
    /** Per orientation: the side the stored first row is shown on, and the side the stored first column is shown on. */
    private static final String[][] TABLE = {
        {"top", "left"}, {"top", "right"}, {"bottom", "right"}, {"bottom", "left"},
        {"left", "top"}, {"right", "top"}, {"right", "bottom"}, {"left", "bottom"},
    };

    @Test
    void everyOrientationShowsTheStoredRowsAndColumnsWhereExifSays() {
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                stored.setRGB(x, y, colour(x, y));
            }
        }
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage shown = Orientation.apply(stored, orientation);
            boolean quarter = orientation >= 5;
            assertThat(shown.getWidth(), is(quarter ? 2 : 3));
            assertThat(shown.getHeight(), is(quarter ? 3 : 2));
            String[] expected = TABLE[orientation - 1];
            assertThat("orientation " + orientation + ", first row", side(shown, 0, true), is(expected[0]));
            assertThat("orientation " + orientation + ", first column", side(shown, 0, false), is(expected[1]));
        }
    }

    @Test
    void theOrientationSurvivesStrippingAloneAndIsReadBack() throws IOException {
        byte[] segment = Orientation.exifSegment(8);
        assertThat(Orientation.fromExif(segment), is(8));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, (byte) (segment.length + 2)});
        jpeg.write(segment);
        jpeg.write(new byte[] {(byte) 0xFF, (byte) 0xDA});
        assertThat(Orientation.ofJpeg(new ByteArrayInputStream(jpeg.toByteArray())), is(8));
        assertThat(Orientation.fromExif("Exif\0\0MM".getBytes(StandardCharsets.ISO_8859_1)), is(1));
    }

    private static int colour(int x, int y) {
        return (x + 1) * 60 << 16 | (y + 1) * 100 << 8;
    }

    /** The side of the shown image on which every pixel of the stored row (or column) {@code index} lies. */
    private static String side(BufferedImage shown, int index, boolean row) {
        int w = shown.getWidth();
        int h = shown.getHeight();
        boolean top = true;
        boolean bottom = true;
        boolean left = true;
        boolean right = true;
        for (int i = 0; i < (row ? 3 : 2); i++) {
            int c = row ? colour(i, index) : colour(index, i);
            boolean found = false;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if ((shown.getRGB(x, y) & 0xFFFFFF) == c) {
                        found = true;
                        top &= y == 0;
                        bottom &= y == h - 1;
                        left &= x == 0;
                        right &= x == w - 1;
                    }
                }
            }
            assertThat(found, is(true));
        }
        return top ? "top" : bottom ? "bottom" : left ? "left" : right ? "right" : "nowhere";
    }
}
