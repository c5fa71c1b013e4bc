package org.bitwreckers.cms.core.query;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CursorTest {
    private static final List<SortKey> KEYS = List.of(new SortKey("data->>'title'", "text", false, true, true),
                                                      new SortKey("id", "bigint", false, false, false));

    /** Every ASCII character (controls, quotes, backslash) and some beyond, in one value. */
    private static String awkward() {
        StringBuilder text = new StringBuilder();
        for (char c = 1; c < 128; c++) {
            text.append(c);
        }
        return text.append("é€😀\u2028").toString();
    }

    @Test
    void aTokenIsTheJsonTextAJsonWriterMakes() {
        // nodes of the version before wrote tokens with a JSON writer: a cluster mid-upgrade must answer the same
        // bytes (and ETags) from every node, and take the other nodes' tokens
        for (boolean before : new boolean[] {false, true}) {
            Cursor cursor = new Cursor(before, Arrays.asList(awkward(), "42"));
            String token = cursor.encode(KEYS);
            JsonArrayBuilder values = Json.createArrayBuilder().add(awkward()).add("42");
            String written = Json.createObjectBuilder().add("d", before ? "prev" : "next").add("k", values).build()
                    .toString();
            String json = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                                     StandardCharsets.UTF_8);
            assertThat(json, is(written));
        }
        Cursor withNull = new Cursor(false, Arrays.asList(null, "7"));
        String token = withNull.encode(KEYS);
        String json = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                                 StandardCharsets.UTF_8);
        assertThat(json, is(Json.createObjectBuilder().add("d", "next")
                                    .add("k", Json.createArrayBuilder().add(JsonValue.NULL).add("7")).build().toString()));
    }

    @Test
    void aTokenReadsBackAsTheCursorItWasMadeFrom() throws Cursor.Refused {
        Cursor cursor = new Cursor(true, Arrays.asList(awkward(), "9223372036854775807"));
        assertThat(Cursor.decode(cursor.encode(KEYS), KEYS), is(cursor));
        Cursor withNull = new Cursor(false, Arrays.asList(null, "1"));
        assertThat(Cursor.decode(withNull.encode(KEYS), KEYS), is(withNull));
    }

    @Test
    void aTokenForAnotherOrderOrChangedIsRefused() {
        String token = new Cursor(false, List.of("a", "1")).encode(KEYS);
        List<SortKey> descending = List.of(new SortKey("data->>'title'", "text", true, true, true),
                                           new SortKey("id", "bigint", true, false, false));
        assertThrows(Cursor.Refused.class, () -> Cursor.decode(token, descending));
        String changed = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"d\":\"next\",\"k\":[\"b\",\"1\"]}".getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertThrows(Cursor.Refused.class, () -> Cursor.decode(changed, KEYS));
    }
}
