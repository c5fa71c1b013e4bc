package org.bitwreckers.cms.core.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;

/**
 * A keyset position in a list: the sort values of one row (the id last), and whether the wanted page comes after or
 * before it. Pages read from a cursor start at the row's place in the index instead of skipping an offset, so a deep
 * page costs what the first one does, and rows inserted or deleted meanwhile do not shift the pages.
 *
 * <p>Clients get it as an opaque token: base64url of a small JSON text, a dot, and the first 12 bytes of the SHA-256
 * of that text and of the order it was made for. The check refuses a changed, cut or foreign cursor (and one from
 * another sort) with a 400; it is not a secret, as the values are those of a row the client was already sent, and
 * every value is bound as a parameter after being checked against its key's type.
 *
 * @param before whether the page is the one before the row (else after it)
 * @param values the row's sort values as text, in the order's keys, null for a null value
 */
public record Cursor(boolean before, List<String> values) {
    private static final int CHECK_BYTES = 12;
    private static final int MAX_LENGTH = 4096;
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,1000}(\\.\\d{1,1000})?");
    private static final MessageDigest SHA_256 = newSha256();

    /** Why a cursor was refused, for the 400's details. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param keys the order the cursor is for
     * @return the token
     */
    public String encode(List<SortKey> keys) {
        // written out rather than built as a JSON object: a page's two cursors went through a JSON writer each, a
        // twentieth of an uncached list's server time. The text is the one that writer made ({"d":"next","k":[...]}).
        StringBuilder text = new StringBuilder(64).append(before ? "{\"d\":\"prev\",\"k\":[" : "{\"d\":\"next\",\"k\":[");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            text.append(i == 0 ? "" : ",").append(value == null ? "null" : Jsons.createValue(value).toString());
        }
        String json = text.append("]}").toString();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(check(json, keys));
    }

    /**
     * @param token a token from {@link #encode}
     * @param keys  the order of the query it is sent with
     * @return the cursor
     * @throws Refused when the token is malformed, changed, or made for another order
     */
    public static Cursor decode(String token, List<SortKey> keys) throws Refused {
        if (token.length() > MAX_LENGTH) {
            throw new Refused("is too long to be a cursor this server made");
        }
        int dot = token.indexOf('.');
        String json;
        byte[] check;
        try {
            json = new String(Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0))), StandardCharsets.UTF_8);
            check = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new Refused("is not a cursor this server made (take nextCursor or prevCursor from a list answer)");
        }
        if (dot < 0 || !MessageDigest.isEqual(check, check(json, keys))) {
            throw new Refused("does not belong to this list's sort, or was changed (take nextCursor or prevCursor from"
                                      + " an answer with the same sort)");
        }
        try {
            JsonObject object = JsonText.object(json);
            JsonArray array = object.getJsonArray("k");
            String direction = object.getString("d");
            if (array.size() != keys.size() || !direction.equals("prev") && !direction.equals("next")) {
                throw new Refused("does not fit this list's sort");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                values.add(value(array.get(i), keys.get(i)));
            }
            return new Cursor(direction.equals("prev"), values);
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new Refused("is not a cursor this server made");
        }
    }

    /** A value checked against its key's type, so binding it can never fail in the database. */
    private static String value(JsonValue json, SortKey key) throws Refused {
        if (json.getValueType() == JsonValue.ValueType.NULL) {
            if (!key.nullable()) {
                throw new Refused("holds no value for " + key.expression());
            }
            return null;
        }
        String text = ((JsonString) json).getString();
        boolean fits = switch (key.cast()) {
            case "bigint" -> WHOLE.matcher(text).matches() && fitsLong(text);
            case "numeric" -> DECIMAL.matcher(text).matches() && fitsDecimal(text);
            case "boolean" -> text.equals("true") || text.equals("false");
            case "timestamptz" -> instant(text);
            default -> text.indexOf('\u0000') < 0;
        };
        if (!fits) {
            throw new Refused("holds a value that is not a " + key.cast());
        }
        return text;
    }

    private static boolean fitsLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean fitsDecimal(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean instant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static byte[] check(String json, List<SortKey> keys) {
        MessageDigest sha = sha256();
        StringBuilder order = new StringBuilder();
        keys.forEach(k -> order.append(k.orderItem()).append(',').append(k.cast()).append(';'));
        sha.update(order.toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return Arrays.copyOf(sha.digest(json.getBytes(StandardCharsets.UTF_8)), CHECK_BYTES);
    }

    /** A copy of one digest made at start: looking SHA-256 up among the providers cost more than hashing a cursor. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
