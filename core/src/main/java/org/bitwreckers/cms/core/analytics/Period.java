package org.bitwreckers.cms.core.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * The days a report covers (UTC, both ends included) and how it groups them.
 *
 * @param from     first day
 * @param to       last day
 * @param interval day, week or month
 */
public record Period(LocalDate from, LocalDate to, String interval) {
    /** The longest range a report covers: thirteen months and a little. */
    public static final int MAX_DAYS = 400;

    /**
     * Reads {@code period} (today, 7d, 30d, 90d, 12mo, custom with {@code from} and {@code to}) and {@code interval}
     * (day, week, month), naming every problem at once.
     *
     * @param period   the period's name, default 30d
     * @param from     first day for custom
     * @param to       last day for custom
     * @param interval grouping, default day
     * @param clock    today
     * @return the period
     */
    public static Period parse(Optional<String> period, Optional<String> from, Optional<String> to,
                               Optional<String> interval, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, String> problems = new LinkedHashMap<>();
        String grouping = interval.orElse("day");
        if (!grouping.equals("day") && !grouping.equals("week") && !grouping.equals("month")) {
            problems.put("interval", "is day, week or month");
        }
        LocalDate start = today.minusDays(29);
        LocalDate end = today;
        switch (period.orElse(from.isPresent() || to.isPresent() ? "custom" : "30d")) {
            case "today" -> start = today;
            case "7d" -> start = today.minusDays(6);
            case "30d" -> start = today.minusDays(29);
            case "90d" -> start = today.minusDays(89);
            case "12mo" -> start = today.minusMonths(12).plusDays(1);
            case "custom" -> {
                Optional<LocalDate> f = date(from, "from", problems);
                Optional<LocalDate> t = date(to, "to", problems);
                if (f.isPresent() && t.isPresent()) {
                    start = f.get();
                    end = t.get();
                    if (end.isBefore(start)) {
                        problems.put("to", "is on or after from");
                    } else if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
                        problems.put("to", "is at most " + MAX_DAYS + " days after from");
                    }
                }
            }
            default -> problems.put("period", "is today, 7d, 30d, 90d, 12mo or custom (with from and to)");
        }
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid analytics query", problems);
        }
        return new Period(start, end, grouping);
    }

    private static Optional<LocalDate> date(Optional<String> text, String name, Map<String, String> problems) {
        if (text.isEmpty()) {
            problems.put(name, "is a date (YYYY-MM-DD) for a custom period");
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException e) {
            problems.put(name, "is a date (YYYY-MM-DD)");
            return Optional.empty();
        }
    }

    /** @return the period of the same length just before this one */
    public Period previous() {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return new Period(from.minusDays(days), from.minusDays(1), interval);
    }
}
