package org.bitwreckers.cms.server.observe;

import java.io.StringReader;
import java.util.HashMap;
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
    private final Map<Handler, Formatter> formatters = new HashMap<>();
    private final Map<Handler, Level> levels = new HashMap<>();

    @BeforeEach
    void remember() {
        rootLevel = root.getLevel();
        for (Handler h : root.getHandlers()) {
            formatters.put(h, h.getFormatter());
            levels.put(h, h.getLevel());
        }
    }

    @AfterEach
    void restore() {
        root.setLevel(rootLevel);
        formatters.forEach(Handler::setFormatter);
        levels.forEach(Handler::setLevel);
    }

    @Test
    void badValuesAreNamedTogether() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> LogSetup.configure(Map.of("LOG_FORMAT", "xml", "LOG_LEVEL", "loud")));
        assertThat(e.getMessage(), containsString("LOG_FORMAT"));
        assertThat(e.getMessage(), containsString("LOG_LEVEL"));
    }

    @Test
    void jsonIsTheDefaultAndLevelsTakeCommonNames() {
        Handler handler = new ConsoleHandler();
        root.addHandler(handler);
        try {
            LogSetup.configure(Map.of("LOG_LEVEL", "debug"));
            assertThat(handler.getFormatter(), instanceOf(JsonLogFormatter.class));
            assertThat(root.getLevel(), is(Level.FINE));
            assertThat(handler.getLevel(), is(Level.FINE));
        } finally {
            root.removeHandler(handler);
        }
    }

    @Test
    void plainKeepsTheConfiguredFormatter() {
        Handler handler = new ConsoleHandler();
        Formatter before = handler.getFormatter();
        root.addHandler(handler);
        try {
            LogSetup.configure(Map.of("LOG_FORMAT", "plain"));
            assertThat(handler.getFormatter(), is(before));
        } finally {
            root.removeHandler(handler);
        }
    }

    @Test
    void aLineIsOneJsonObjectWithTheRequestIdAndTheStackTrace() {
        LogRecord record = new LogRecord(Level.WARNING, "two\nlines and a \"quote\"");
        record.setLoggerName("some.Logger");
        record.setThrown(new IllegalStateException("boom"));
        HelidonMdc.set(RequestIds.MDC_KEY, "abc-123");
        String line;
        try {
            line = new JsonLogFormatter().format(record);
        } finally {
            HelidonMdc.remove(RequestIds.MDC_KEY);
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
}
