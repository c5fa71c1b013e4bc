package org.bitwreckers.cms.server;

import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.server.observe.JsonLogFormatter;

/**
 * Every log line written while it is open, as the JSON formatter writes it (on the logging thread, as the console
 * handler does), parsed back.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        setFormatter(new JsonLogFormatter());
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(getFormatter().format(record));
    }

    /** @return the lines, each checked to be exactly one JSON object ending in a line break */
    List<JsonObject> lines() {
        return lines.stream().map(line -> {
            if (!line.endsWith(System.lineSeparator()) || line.strip().contains("\n")) {
                throw new AssertionError("not one line: " + line);
            }
            return Json.createReader(new StringReader(line)).readObject();
        }).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
