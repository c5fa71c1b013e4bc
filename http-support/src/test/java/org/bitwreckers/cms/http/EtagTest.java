package org.bitwreckers.cms.http;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

/** The same bytes get the same tag (on every node); changed bytes, even of the same length, get another. */
class EtagTest {
    @Test
    void aTagFollowsTheBytesOnly() {
        byte[] body = "{\"success\":true,\"data\":[{\"id\": 1, \"title\": \"A\"}]".getBytes(StandardCharsets.UTF_8);
        assertThat(Responses.etag(body), is(Responses.etag(body.clone())));
        assertThat(Responses.etag(body), matchesPattern("\"[A-Za-z0-9_-]{16}\""));
        Set<String> tags = new HashSet<>();
        tags.add(Responses.etag(body));
        // every single-byte change and every swap of two neighbours: same length, other content
        for (int i = 0; i < body.length; i++) {
            byte[] changed = body.clone();
            changed[i] ^= 1;
            tags.add(Responses.etag(changed));
            if (i > 0 && body[i] != body[i - 1]) {
                byte[] swapped = body.clone();
                swapped[i] = body[i - 1];
                swapped[i - 1] = body[i];
                tags.add(Responses.etag(swapped));
            }
        }
        long swaps = 0;
        for (int i = 1; i < body.length; i++) {
            swaps += body[i] != body[i - 1] ? 1 : 0;
        }
        assertThat((long) tags.size(), is(1 + body.length + swaps));
    }
}
