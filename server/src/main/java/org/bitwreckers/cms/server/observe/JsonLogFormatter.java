package org.bitwreckers.cms.server.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.http.RequestIds;

/**
 * One JSON object per line: {@code time} (ISO 8601, UTC), {@code level}, {@code logger}, {@code message},
 * {@code thread}, {@code request_id} while a request is being served, {@code exception} (the stack trace) when there
 * is one, and the fields of a {@link Fields} parameter (the access log's). Log shippers read it without patterns.
 */
public final class JsonLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

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

    @Override
    public String format(LogRecord record) {
        JsonObjectBuilder line = Jsons.createObjectBuilder()
                .add("time", TIME.format(Instant.ofEpochMilli(record.getMillis())))
                .add("level", record.getLevel().getName())
                .add("logger", record.getLoggerName() == null ? "" : record.getLoggerName())
                .add("message", formatMessage(record))
                .add("thread", threadName());
        RequestIds.current().ifPresent(id -> line.add(RequestIds.MDC_KEY, id));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(out);
            }
            line.add("exception", trace.toString());
        }
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Fields fields) {
            fields.values().forEach((name, value) -> {
                switch (value) {
                    case Integer i -> line.add(name, i);
                    case Long l -> line.add(name, l);
                    case Double d -> line.add(name, d);
                    case Boolean b -> line.add(name, b);
                    default -> line.add(name, String.valueOf(value));
                }
            });
        }
        return line.build() + System.lineSeparator();
    }

    @Override
    public String formatMessage(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Fields) {
            return record.getMessage(); // not a MessageFormat pattern: a path may hold braces
        }
        return super.formatMessage(record);
    }

    /** The formatter runs on the thread that logs (the console handler writes at once); virtual threads have no name. */
    private static String threadName() {
        Thread thread = Thread.currentThread();
        return thread.getName().isEmpty() ? (thread.isVirtual() ? "virtual-" : "thread-") + thread.threadId()
                : thread.getName();
    }
}
