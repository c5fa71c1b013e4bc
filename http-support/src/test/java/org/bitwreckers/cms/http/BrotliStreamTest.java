package org.bitwreckers.cms.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.brotli.dec.BrotliInputStream;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A start compressed once and endings appended uncompressed read back, with Google's own decoder, as one text. */
class BrotliStreamTest {
    @Test
    void theEncoderLoadsOnThisPlatform() {
        assertThat(BrotliStream.available(), is(true));
    }

    @Test
    void aCompressedStartAndEachEndingReadBackAsTheWholeText() throws IOException {
        byte[] start = ("{\"success\":true,\"data\":[" + "{\"title\":\"A project\",\"slug\":\"a-project\"},".repeat(300))
                .getBytes(StandardCharsets.UTF_8);
        byte[] compressed = BrotliStream.start(start);
        assertThat(compressed.length, lessThan(start.length / 10));
        for (String ending : new String[] {"}", "{}],\"timestamp\":\"2026-12-02T10:00:01Z\"}", "x".repeat(65_536)}) {
            byte[] end = ending.getBytes(StandardCharsets.UTF_8);
            assertThat(decode(BrotliStream.finish(compressed, end)), is(concat(start, end)));
        }
    }

    @Test
    void startsThatDoNotCompressReadBackToo() throws IOException {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        byte[] end = "tail".getBytes(StandardCharsets.UTF_8);
        assertThat(decode(BrotliStream.finish(BrotliStream.start(noise), end)), is(concat(noise, end)));
    }

    @Test
    void anEndingMustFitOneUncompressedBlock() {
        byte[] compressed = BrotliStream.start("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BrotliStream.finish(compressed, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> BrotliStream.finish(compressed, new byte[65_537]));
    }

    static byte[] decode(byte[] stream) throws IOException {
        try (BrotliInputStream in = new BrotliInputStream(new ByteArrayInputStream(stream))) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
