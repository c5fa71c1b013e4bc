package org.bitwreckers.cms.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

class GzipMemberTest {
    @Test
    void aStartCompressedOnceTakesAnyEndingAsOneMember() throws IOException {
        byte[] start = "{\"success\":true,\"data\":[{\"name\":\"Acme\"},{\"name\":\"Acme\"}]".repeat(300)
                .getBytes(StandardCharsets.UTF_8);
        byte[] compressed = GzipMember.start(start);
        assertThat(compressed.length, lessThan(start.length / 10));
        for (String ending : new String[] {",\"timestamp\":\"2026-01-01T00:00:00Z\"}", "", "é".repeat(20_000)}) {
            byte[] end = ending.getBytes(StandardCharsets.UTF_8);
            byte[] member = GzipMember.finish(compressed, start, end);
            // one member: a decoder that stops after the first member still reads everything
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                           is(new String(start, StandardCharsets.UTF_8) + ending));
            }
            assertThat(member.length, is(compressed.length + end.length + 13));
        }
    }

    @Test
    void anEmptyStartIsAValidMemberToo() throws IOException {
        byte[] member = GzipMember.finish(GzipMember.start(new byte[0]), new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8), is("{}"));
        }
    }
}
