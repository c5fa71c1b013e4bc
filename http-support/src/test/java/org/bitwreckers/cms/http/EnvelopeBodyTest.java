package org.bitwreckers.cms.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

/** The hits of one second share one whole answer of each form; the next second's ending makes new ones. */
class EnvelopeBodyTest {
    private static final String ENVELOPE = "{\"success\":true,\"data\":[" + "{\"title\":\"A\"},".repeat(200)
            + "{}],\"message\":\"OK\",\"timestamp\":\"2026-11-30T10:00:00Z\"}";

    @Test
    void oneSecondsHitsShareTheirAnswerAndTheNextSecondGetsItsOwn() throws IOException {
        EnvelopeBody body = EnvelopeBody.of(ENVELOPE).compressed();
        byte[] first = ending("2026-11-30T10:00:01Z");
        byte[] second = ending("2026-11-30T10:00:02Z");

        byte[] plain = body.identity(first);
        assertThat(body.identityAnswer(first), is(sameInstance(body.identityAnswer(first))));
        assertThat(text(plain), is(ENVELOPE.replace("10:00:00Z", "10:00:01Z")));
        byte[] later = body.identity(second);
        assertThat(later, is(not(sameInstance(plain))));
        assertThat(text(later), is(ENVELOPE.replace("10:00:00Z", "10:00:02Z")));

        byte[] gzip = body.gzip(first);
        assertThat(body.gzip(first), is(sameInstance(gzip)));
        assertThat(gunzip(gzip), is(text(plain)));
        assertThat(gunzip(body.gzip(second)), is(text(later)));

        byte[] brotli = body.brotli(first);
        assertThat(body.brotli(first), is(sameInstance(brotli)));
        assertThat(text(BrotliStreamTest.decode(brotli)), is(text(plain)));
        assertThat(text(BrotliStreamTest.decode(body.brotli(second))), is(text(later)));
        assertThat(body.brotliEtag(), is(body.etag().replaceFirst("\"$", "-br\"")));
    }

    @Test
    void theTagIsOfTheContentAloneNotOfTheTimeItWasMade() {
        String later = ENVELOPE.replace("10:00:00Z", "23:59:59Z");
        assertThat(EnvelopeBody.of(later).etag(), is(EnvelopeBody.of(ENVELOPE).etag()));
        assertThat(EnvelopeBody.of(later).etag(), is(EnvelopeBody.of(ENVELOPE).compressed().etag()));
        assertThat(EnvelopeBody.of(ENVELOPE.replace("\"A\"", "\"B\"")).etag(), is(not(EnvelopeBody.of(ENVELOPE).etag())));
        assertThat(EnvelopeBody.of(ENVELOPE).headLength(), is(ENVELOPE.indexOf(",\"timestamp\"")));
    }

    @Test
    void theBytesKeptCountTwiceForTheAnswersOfTheSecond() {
        EnvelopeBody body = EnvelopeBody.of(ENVELOPE).compressed();
        assertThat(body.size(), is(2 * (body.headLength() + body.gzipStart().length + body.brotliStart().length)));
    }

    @Test
    void aLargeAnswerKeepsOnlyWhatFollowsItsFirstWriteAndCountsIt() {
        String large = ENVELOPE.replace("{\"title\":\"A\"},".repeat(200), "{\"title\":\"A\"},".repeat(2000));
        EnvelopeBody body = EnvelopeBody.of(large);
        byte[] first = ending("2026-11-30T10:00:01Z");
        EnvelopeBody.Sent answer = body.identityAnswer(first);
        byte[] whole = body.identity(first);
        assertThat(text(whole), is(large.replace("10:00:00Z", "10:00:01Z")));
        assertThat(Arrays.copyOf(answer.first(), 256), is(Arrays.copyOf(whole, 256)));
        assertThat(answer.tail(), is(Arrays.copyOfRange(whole, 256, whole.length)));
        assertThat(body.identityAnswer(first), is(sameInstance(answer)));
        assertThat(body.size(), is(2 * body.headLength()));
        assertThat(EnvelopeBody.of(ENVELOPE).identityAnswer(first).tail(), is(nullValue())); // one write
    }

    private static byte[] ending(String time) {
        return (",\"timestamp\":\"" + time + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String gunzip(byte[] member) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
            return text(in.readAllBytes());
        }
    }
}
