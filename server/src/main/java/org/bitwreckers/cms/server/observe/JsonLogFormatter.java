package org.bitwreckers.cms.server.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import org.bitwreckers.cms.http.RequestIds;

/**
 * One JSON object per line: {@code time} (ISO 8601, UTC), {@code level}, {@code logger}, {@code message},
 * {@code thread}, {@code request_id} while a request is being served, {@code exception} (the stack trace) when there
 * is one, and the fields of a {@link Fields} parameter (the access log's). Log shippers read it without patterns.
 */
public final class JsonLogFormatter extends Formatter {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** The time's text up to its seconds, kept while lines of the same second follow (an access line per request). */
    private static volatile Second second = new Second(Long.MIN_VALUE, "");

    /**
     * Fields a log call adds to its JSON line, given as the record's parameter.
     *
     * @param values field name to a string, number or boolean
     */
    public record Fields(Map<String, Object> values) {
        @Override
        public String toString() {
            return ""; // a plain-text line already says it in its message
        }
    }

    private record Second(long epochSecond, String text) {
    }

    /** Written straight into one buffer, not through a JSON object: the access log formats a line per request. */
    @Override
    public String format(LogRecord record) {
        // an access line is about 450 characters: room for it at once
        StringBuilder line = new StringBuilder(512).append("{\"time\":\"").append(time(record.getMillis())).append('"');
        text(line, "level", record.getLevel().getName());
        text(line, "logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        text(line, "message", formatMessage(record));
        text(line, "thread", threadName());
        RequestIds.current().ifPresent(id -> text(line, RequestIds.MDC_KEY, id));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(out);
            }
            text(line, "exception", trace.toString());
        }
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Fields fields) {
            fields.values().forEach((name, value) -> {
                switch (value) {
                    case null -> raw(line, name, "null");
                    case Integer i -> raw(line, name, i.toString());
                    case Long l -> raw(line, name, l.toString());
                    case Double d when Double.isFinite(d) -> raw(line, name, d.toString());
                    case Boolean b -> raw(line, name, b.toString());
                    default -> text(line, name, String.valueOf(value));
                }
            });
        }
        return line.append('}').append(System.lineSeparator()).toString();
    }

    @Override
    public String formatMessage(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Fields) {
            return record.getMessage(); // not a MessageFormat pattern: a path may hold braces
        }
        return super.formatMessage(record);
    }

    /** ISO 8601 in UTC with milliseconds. */
    static String time(long millis) {
        long epochSecond = Math.floorDiv(millis, 1000);
        Second known = second;
        if (known.epochSecond() != epochSecond) {
            known = new Second(epochSecond, SECONDS.format(Instant.ofEpochSecond(epochSecond)));
            second = known;
        }
        int ms = (int) Math.floorMod(millis, 1000);
        return known.text() + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + ms + "Z";
    }

    private static void raw(StringBuilder line, String name, String json) {
        line.append(",\"");
        escape(line, name);
        line.append("\":").append(json);
    }

    private static void text(StringBuilder line, String name, String value) {
        line.append(",\"");
        escape(line, name);
        line.append("\":\"");
        escape(line, value);
        line.append('"');
    }

    /** JSON string escaping (RFC 8259): quote, backslash and control characters; the rest as it is. */
    static void escape(StringBuilder out, String text) {
        int plain = 0; // characters from here on need no escape yet: appended in runs, not one by one
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(text, plain, text.length());
    }

    /** The formatter runs on the thread that logs (the console handler writes at once); virtual threads have no name. */
    private static String threadName() {
        Thread thread = Thread.currentThread();
        return thread.getName().isEmpty() ? (thread.isVirtual() ? "virtual-" : "thread-") + thread.threadId()
                : thread.getName();
    }
}
