package org.bitwreckers.cms.server.observe;

import java.io.StringReader;
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
    void plainKeepsTheConfiguredFormatter() {
        Handler console = new ConsoleHandler();
        Formatter before = console.getFormatter();
        root.addHandler(console);
        LogSetup.configure(Map.of("LOG_FORMAT", "plain"));
        assertThat(root.getHandlers()[0], instanceOf(AsyncLineHandler.class));
        assertThat(root.getHandlers()[0].getFormatter(), is(before));
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
