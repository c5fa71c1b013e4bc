package org.bitwreckers.cms.core.value;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The formats of single values the platform accepts wherever they come from (documents, accounts, the newsletter,
 * queries): e-mail addresses, http(s) URLs, dates and datetimes.
 */
public final class ValueFormats {
    /**
     * Datetimes are stored in one fixed-width UTC format, so text order is time order and indexes on the text work.
     */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    /** The longest e-mail address accepted. */
    public static final int MAX_EMAIL = 254;
    /** The longest URL accepted. */
    public static final int MAX_URL = 2048;
    /** What a refused URL is told. */
    public static final String HTTP_URL_RULE = "must be an absolute http:// or https:// URL";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private ValueFormats() {
    }

    /**
     * Parses a datetime written by a client into the stored format.
     *
     * @param text ISO-8601 datetime with an offset
     * @return the stored form, or null when it does not parse
     */
    public static String normaliseDatetime(String text) {
        try {
            return DATETIME.format(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * @param text text
     * @return whether it looks like an e-mail address
     */
    public static boolean isEmail(String text) {
        return text != null && text.length() <= MAX_EMAIL && EMAIL.matcher(text).matches();
    }

    /**
     * @param text a date
     * @return whether it is an ISO-8601 calendar date
     */
    public static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * An absolute http(s) URL and nothing that could act otherwise in a page: no other scheme (javascript:, data:,
     * file:), no scheme-relative or relative forms, no credentials, no whitespace or control characters.
     *
     * @param text a value a client gave for a URL
     * @return whether it is such a URL
     */
    public static boolean isHttpUrl(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_URL
                || text.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && text.regionMatches(true, 0, scheme + "://", 0, scheme.length() + 3);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
