package org.bitwreckers.cms.server.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.helidon.logging.common.HelidonMdc;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.http.RequestIds;

/**
 * Applies {@code LOG_FORMAT} ({@code json}, the default: one JSON object per line; {@code plain}: the readable lines
 * of {@code config/logging.properties}, for development) and {@code LOG_LEVEL} to java.util.logging's root handlers.
 * Logging stays on java.util.logging: Helidon, Hikari and Flyway (through SLF4J) all write there. The console
 * handlers of {@code logging.properties} give way to {@link AsyncLineHandler}s on standard output, so no request waits
 * for its access line to be written.
 */
public final class LogSetup {
    private static final Map<String, Level> ALIASES = Map.of(
            "TRACE", Level.FINEST, "DEBUG", Level.FINE, "INFO", Level.INFO, "WARN", Level.WARNING,
            "WARNING", Level.WARNING, "ERROR", Level.SEVERE, "SEVERE", Level.SEVERE, "OFF", Level.OFF,
            "FINE", Level.FINE, "FINER", Level.FINER);

    private LogSetup() {
    }

    /**
     * @param env the environment
     * @throws SettingsException naming both settings when both are wrong
     */
    public static void configure(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String format = Optional.ofNullable(env.get("LOG_FORMAT")).map(String::strip).filter(f -> !f.isEmpty())
                .orElse("json").toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("plain")) {
            problems.add("LOG_FORMAT must be json or plain (got '" + env.get("LOG_FORMAT") + "')");
        }
        Optional<String> levelName = Optional.ofNullable(env.get("LOG_LEVEL")).map(String::strip)
                .filter(l -> !l.isEmpty()).map(l -> l.toUpperCase(Locale.ROOT));
        Optional<Level> level = levelName.map(ALIASES::get);
        if (levelName.isPresent() && level.isEmpty()) {
            problems.add("LOG_LEVEL must be one of ERROR, WARN, INFO, DEBUG, TRACE, OFF (got '" + env.get("LOG_LEVEL")
                                 + "')");
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        Logger root = Logger.getLogger("");
        for (Handler console : root.getHandlers()) {
            root.removeHandler(console);
            // not closed: a console handler's close would close System.out
            Handler lines = new AsyncLineHandler(System.out, format.equals("json") ? new JsonLogFormatter()
                    : new RequestIdInMdc(console.getFormatter()));
            lines.setLevel(level.orElse(console.getLevel()));
            root.addHandler(lines);
        }
        level.ifPresent(root::setLevel);
    }

    /**
     * The plain format's pattern reads the request id from Helidon's logging MDC ({@code %X{request_id}}): it is put
     * there while a line is formatted, which happens on the thread that logs, rather than on every request.
     */
    static final class RequestIdInMdc extends Formatter {
        private final Formatter plain;

        RequestIdInMdc(Formatter plain) {
            this.plain = plain;
        }

        @Override
        public String format(LogRecord record) {
            Optional<String> id = RequestIds.current();
            if (id.isEmpty()) {
                return plain.format(record);
            }
            HelidonMdc.set(RequestIds.MDC_KEY, id.get());
            try {
                return plain.format(record);
            } finally {
                HelidonMdc.remove(RequestIds.MDC_KEY);
            }
        }

        @Override
        public String getHead(Handler h) {
            return plain.getHead(h);
        }

        @Override
        public String getTail(Handler h) {
            return plain.getTail(h);
        }
    }
}
