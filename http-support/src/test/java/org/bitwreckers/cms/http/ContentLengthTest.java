package org.bitwreckers.cms.http;

import java.nio.charset.StandardCharsets;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The length header answers as Helidon's own does, its number without a lookup. */
class ContentLengthTest {
    @Test
    void isWrittenAndReadAsHelidonsOwnLengthHeader() {
        Header ours = new ContentLength(18_432);
        Header standard = HeaderValues.create(HeaderNames.CONTENT_LENGTH, 18_432L);

        assertThat(written(ours), is(written(standard)));
        assertThat(written(ours), is("Content-Length: 18432\r\n"));
        assertThat(ours.get(), is("18432"));
        assertThat(ours.allValues(), is(standard.allValues()));
        assertThat(ours.get(Long.class), is(18_432L));
        assertThat(ours.get(Integer.class), is(18_432));
        // what a response's output stream reads to choose between a fixed length and chunks
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(ours);
        assertThat(headers.contentLength().orElseThrow(), is(18_432L));
    }

    private static String written(Header header) {
        BufferData buffer = BufferData.growing(64);
        header.writeHttp1Header(buffer);
        return buffer.readString(buffer.available(), StandardCharsets.US_ASCII);
    }
}
