package org.bitwreckers.cms.server.observe;

import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.helidon.logging.common.HelidonMdc;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.http.RequestIds;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** LOG_FORMAT and LOG_LEVEL, and the JSON lines themselves. */
class LogSetupTest {
    private final Logger root = Logger.getLogger("");
    private Level rootLevel;
    private List<Handler> handlers;

    @BeforeEach
    void remember() {
        rootLevel = root.getLevel();
        handlers = List.of(root.getHandlers());
        handlers.forEach(root::removeHandler);
    }

    @AfterEach
    void restore() {
        for (Handler added : root.getHandlers()) {
            root.removeHandler(added);
            added.close();
        }
        handlers.forEach(root::addHandler);
        root.setLevel(rootLevel);
    }

    @Test
    void badValuesAreNamedTogether() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> LogSetup.configure(Map.of("LOG_FORMAT", "xml", "LOG_LEVEL", "loud")));
        assertThat(e.getMessage(), containsString("LOG_FORMAT"));
        assertThat(e.getMessage(), containsString("LOG_LEVEL"));
    }

    @Test
    void jsonIsTheDefaultLevelsTakeCommonNamesAndLinesAreWrittenOffTheLoggingThread() {
        root.addHandler(new ConsoleHandler());
        LogSetup.configure(Map.of("LOG_LEVEL", "debug"));
        Handler handler = root.getHandlers()[0];
        assertThat(root.getHandlers().length, is(1));
        assertThat(handler, instanceOf(AsyncLineHandler.class));
        assertThat(handler.getFormatter(), instanceOf(JsonLogFormatter.class));
        assertThat(root.getLevel(), is(Level.FINE));
        assertThat(handler.getLevel(), is(Level.FINE));
    }

    @Test
    void plainKeepsTheConfiguredPatternAndItsMdcHasTheRequestId() {
        Handler console = new ConsoleHandler();
        // as the pattern's %X{request_id} reads it
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + " " + HelidonMdc.get(RequestIds.MDC_KEY).orElse("-");
            }
        });
        root.addHandler(console);
        LogSetup.configure(Map.of("LOG_FORMAT", "plain"));
        Handler lines = root.getHandlers()[0];
        assertThat(lines, instanceOf(AsyncLineHandler.class));
        RequestIds.begin("abc-123");
        try {
            assertThat(lines.getFormatter().format(new LogRecord(Level.INFO, "served")), is("served abc-123"));
        } finally {
            RequestIds.end();
        }
        assertThat(lines.getFormatter().format(new LogRecord(Level.INFO, "outside")), is("outside -"));
        assertThat(HelidonMdc.get(RequestIds.MDC_KEY).isPresent(), is(false));
    }

    @Test
    void aLineIsOneJsonObjectWithTheRequestIdAndTheStackTrace() {
        LogRecord record = new LogRecord(Level.WARNING, "two\nlines and a \"quote\"");
        record.setLoggerName("some.Logger");
        record.setThrown(new IllegalStateException("boom"));
        RequestIds.begin("abc-123");
        String line;
        try {
            line = new JsonLogFormatter().format(record);
        } finally {
            RequestIds.end();
        }
        assertThat(line.endsWith(System.lineSeparator()), is(true));
        assertThat(line.strip(), not(containsString("\n")));
        JsonObject json = Json.createReader(new StringReader(line)).readObject();
        assertThat(json.getString("message"), is("two\nlines and a \"quote\""));
        assertThat(json.getString("level"), is("WARNING"));
        assertThat(json.getString("logger"), is("some.Logger"));
        assertThat(json.getString("request_id"), is("abc-123"));
        assertThat(json.getString("exception"), containsString("IllegalStateException: boom"));
        assertThat(List.of("time", "thread").stream().allMatch(json::containsKey), is(true));
        assertThat(new JsonLogFormatter().format(new LogRecord(Level.INFO, "outside a request")),
                   not(containsString("request_id")));
    }

    @Test
    void everyCharacterSurvivesTheLineAndTimesKeepTheirMilliseconds() {
        String nasty = "tab\t bell\u0007 back\\slash \"quoted\" {0} é 日本 \u2028 end";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", nasty);
        fields.put("status", 404);
        fields.put("bytes", 12_345_678_901L);
        fields.put("duration_ms", 3.25);
        fields.put("cached", true);
        JsonObject json = line(Instant.parse("2026-11-30T00:12:03.005Z"), nasty, fields);
        assertThat(json.getString("message"), is(nasty)); // not a MessageFormat pattern: {0} stays
        assertThat(json.getString("path"), is(nasty));
        assertThat(json.getString("time"), is("2026-11-30T00:12:03.005Z"));
        assertThat(json.getInt("status"), is(404));
        assertThat(json.getJsonNumber("bytes").longValue(), is(12_345_678_901L));
        assertThat(json.getJsonNumber("duration_ms").doubleValue(), is(3.25));
        assertThat(json.getBoolean("cached"), is(true));
        // the text up to the seconds is kept between lines: the next second must not reuse it
        assertThat(line(Instant.parse("2026-11-30T00:12:03.999Z"), "a", Map.of()).getString("time"),
                   is("2026-11-30T00:12:03.999Z"));
        assertThat(line(Instant.parse("2026-11-30T00:12:04.070Z"), "b", Map.of()).getString("time"),
                   is("2026-11-30T00:12:04.070Z"));
        assertThat(line(Instant.parse("1969-12-31T23:59:59.500Z"), "c", Map.of()).getString("time"),
                   is("1969-12-31T23:59:59.500Z"));
    }

    private static JsonObject line(Instant at, String message, Map<String, Object> fields) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setInstant(at);
        record.setLoggerName(RequestObserver.ACCESS_LOGGER);
        record.setParameters(new Object[] {new JsonLogFormatter.Fields(fields)});
        String text = new JsonLogFormatter().format(record);
        assertThat(text.strip(), not(containsString("\n")));
        return Json.createReader(new StringReader(text)).readObject();
    }
}
