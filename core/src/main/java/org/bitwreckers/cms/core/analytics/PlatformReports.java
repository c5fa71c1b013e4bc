package org.bitwreckers.cms.core.analytics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.spi.Workflow;

/**
 * Reports on what the platform records exactly (the facts the database writes with each change, member activity
 * days, and the documents themselves): application funnels, event fill and attendance, active members, newsletter
 * growth. None of it comes from the website's beacons.
 */
public final class PlatformReports {
    private static final String BUCKETS = "SELECT b FROM generate_series(date_trunc(?, ?::date::timestamp),"
            + " ?::date::timestamp, ('1 ' || ?)::interval) AS b";
    private static final String FACT_BUCKET = "date_trunc(?, f.occurred_at AT TIME ZONE 'UTC')";
    private static final String IN_PERIOD = " f.occurred_at >= (?::date)::timestamp AT TIME ZONE 'UTC'"
            + " AND f.occurred_at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'";

    private final DbClient db;

    /**
     * @param db database client
     */
    public PlatformReports(DbClient db) {
        this.db = db;
    }

    /**
     * Per workflow step: of the documents created in the period, how many ever reached each state; the time from
     * creation to a decision (a state no step leaves); and what waits now, by age.
     *
     * @param workflow the workflow of a content type (its field must be {@code status}, which the facts follow)
     * @param period   the cohort's creation days
     * @return rows of state, reached, conversion (of created), decision (whether it ends the workflow)
     */
    public Table funnel(Workflow workflow, Period period) {
        List<String> states = states(workflow);
        Set<String> decisions = decisions(workflow);
        List<List<Object>> rows = new ArrayList<>();
        for (String state : states) {
            Table counted = Rows.query(db, List.of("reached", "created"),
                                       "WITH cohort AS (SELECT f.subject_id FROM analytics_facts f WHERE f.subject = ?"
                                               + " AND f.fact = 'created' AND" + IN_PERIOD + ")"
                                               + " SELECT (SELECT count(DISTINCT g.subject_id) FROM analytics_facts g"
                                               + " JOIN cohort c ON c.subject_id = g.subject_id WHERE g.subject = ?"
                                               + " AND g.to_state = ?)::bigint AS reached,"
                                               + " (SELECT count(*) FROM cohort)::bigint AS created",
                                       workflow.type(), period.from(), period.to(), workflow.type(), state);
            long reached = (Long) counted.rows().getFirst().get(0);
            long created = (Long) counted.rows().getFirst().get(1);
            rows.add(List.of(state, reached, created == 0 ? 0.0 : Math.round(10_000.0 * reached / created) / 10_000.0,
                             decisions.contains(state) ? "yes" : "no"));
        }
        return new Table(List.of("state", "reached", "conversion", "decision"), rows);
    }

    /**
     * Hours from creation to the first decision, for documents created in the period.
     *
     * @param workflow the workflow
     * @param period   the cohort's creation days
     * @return one row: decided, median_hours, p90_hours
     */
    public Table timeToDecision(Workflow workflow, Period period) {
        return Rows.query(db, List.of("decided", "median_hours", "p90_hours"),
                          "WITH decided AS (SELECT f.subject_id, min(g.occurred_at) - f.occurred_at AS took"
                                  + " FROM analytics_facts f JOIN analytics_facts g ON g.subject = f.subject"
                                  + " AND g.subject_id = f.subject_id AND g.to_state = ANY (string_to_array(?, ','))"
                                  + " WHERE f.subject = ? AND f.fact = 'created' AND" + IN_PERIOD
                                  + " GROUP BY f.subject_id, f.occurred_at)"
                                  + " SELECT count(*)::bigint AS decided,"
                                  + " round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM took)) / 3600)::numeric, 2)"
                                  + "::double precision AS median_hours,"
                                  + " round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM took)) / 3600)::numeric, 2)"
                                  + "::double precision AS p90_hours FROM decided",
                          String.join(",", decisions(workflow)), workflow.type(), period.from(), period.to());
    }

    /**
     * What waits for a decision now, by how long it has waited.
     *
     * @param workflow the workflow
     * @return rows of age (under 2 days, 2-7 days, 7-30 days, over 30 days) and waiting
     */
    public Table backlog(Workflow workflow) {
        return Rows.query(db, List.of("age", "waiting"),
                          "SELECT a.age, count(d.id)::bigint AS waiting FROM (VALUES (1, 'under 2 days', 0, 2),"
                                  + " (2, '2-7 days', 2, 7), (3, '7-30 days', 7, 30), (4, 'over 30 days', 30, 100000))"
                                  + " AS a(n, age, low, high) LEFT JOIN documents d ON d.type = ?"
                                  + " AND NOT (coalesce(d.data ->> ?, '') = ANY (string_to_array(?, ',')))"
                                  + " AND d.created_at <= now() - make_interval(days => a.low)"
                                  + " AND d.created_at > now() - make_interval(days => a.high)"
                                  + " GROUP BY a.n, a.age ORDER BY a.n",
                          workflow.type(), workflow.field(), String.join(",", decisions(workflow)));
    }

    /** The workflow's states in the order its steps name them. */
    static List<String> states(Workflow workflow) {
        Set<String> states = new LinkedHashSet<>();
        for (Workflow.Step step : workflow.steps()) {
            states.add(step.from());
            states.add(step.to());
        }
        return List.copyOf(states);
    }

    /** States no step leaves: reaching one is a decision. */
    static Set<String> decisions(Workflow workflow) {
        Set<String> ends = new LinkedHashSet<>(states(workflow));
        workflow.steps().forEach(step -> ends.remove(step.from()));
        return ends;
    }

    /**
     * Events of the period (by their date) with their seats: fill rate = seats taken / capacity; attendance rate =
     * attended / seats taken, for events that are over.
     *
     * @param period the events' days
     * @return one row per event
     */
    public Table events(Period period) {
        return Rows.query(db, List.of("id", "title", "date", "capacity", "registered", "waitlisted", "cancelled",
                                      "attended", "fill_rate", "attendance_rate"),
                          "SELECT e.id, e.data ->> 'title' AS title, e.data ->> 'date' AS date,"
                                  + " (e.data ->> 'attendees_limit')::bigint AS capacity,"
                                  + " count(r.id) FILTER (WHERE r.data ->> 'status' = 'registered')::bigint AS registered,"
                                  + " count(r.id) FILTER (WHERE r.data ->> 'status' = 'waitlisted')::bigint AS waitlisted,"
                                  + " count(r.id) FILTER (WHERE r.data ->> 'status' = 'cancelled')::bigint AS cancelled,"
                                  + " count(r.id) FILTER (WHERE r.data ->> 'status' = 'attended')::bigint AS attended,"
                                  + " round(count(r.id) FILTER (WHERE r.data ->> 'status' IN ('registered', 'attended'))::numeric"
                                  + " / nullif((e.data ->> 'attendees_limit')::numeric, 0), 4)::double precision AS fill_rate,"
                                  + " CASE WHEN (e.data ->> 'date')::timestamptz < now() THEN"
                                  + " round(count(r.id) FILTER (WHERE r.data ->> 'status' = 'attended')::numeric"
                                  + " / nullif(count(r.id) FILTER (WHERE r.data ->> 'status' IN ('registered', 'attended')), 0), 4)"
                                  + "::double precision END AS attendance_rate"
                                  + " FROM documents e LEFT JOIN documents r ON r.type = 'event_registration'"
                                  + " AND r.data ->> 'event' = e.id::text"
                                  + " WHERE e.type = 'event' AND e.published_data IS NOT NULL"
                                  + " AND (e.data ->> 'date')::timestamptz >= (?::date)::timestamp AT TIME ZONE 'UTC'"
                                  + " AND (e.data ->> 'date')::timestamptz < (?::date + 1)::timestamp AT TIME ZONE 'UTC'"
                                  + " GROUP BY e.id ORDER BY e.data ->> 'date', e.id",
                          period.from(), period.to());
    }

    /**
     * Registration changes per interval: new seats, waitlist places, cancellations, attendance marked.
     *
     * @param period the period
     * @return rows of t, registered, waitlisted, cancelled, attended
     */
    public Table registrations(Period period) {
        return Rows.query(db, List.of("t", "registered", "waitlisted", "cancelled", "attended"),
                          "SELECT to_char(b.b, 'YYYY-MM-DD') AS t,"
                                  + " count(f.id) FILTER (WHERE f.to_state = 'registered')::bigint AS registered,"
                                  + " count(f.id) FILTER (WHERE f.to_state = 'waitlisted')::bigint AS waitlisted,"
                                  + " count(f.id) FILTER (WHERE f.to_state = 'cancelled')::bigint AS cancelled,"
                                  + " count(f.id) FILTER (WHERE f.to_state = 'attended')::bigint AS attended"
                                  + " FROM (" + BUCKETS + ") b LEFT JOIN analytics_facts f ON f.subject = 'event_registration'"
                                  + " AND" + IN_PERIOD + " AND " + FACT_BUCKET + " = b.b GROUP BY b.b ORDER BY b.b",
                          period.interval(), period.from(), period.to(), period.interval(), period.from(), period.to(),
                          period.interval());
    }

    /**
     * Members active per day (signed in or refreshed a session), over 7 and 30 days, stickiness (daily / monthly),
     * and sign-ups.
     *
     * @param period the days
     * @return rows of day, dau, wau, mau, stickiness, signups
     */
    public Table members(Period period) {
        return Rows.query(db, List.of("day", "dau", "wau", "mau", "stickiness", "signups"),
                          "SELECT to_char(g, 'YYYY-MM-DD') AS day, m.dau, m.wau, m.mau,"
                                  + " round(m.dau::numeric / nullif(m.mau, 0), 4)::double precision AS stickiness,"
                                  + " (SELECT count(*) FROM analytics_facts f WHERE f.subject = 'user'"
                                  + " AND f.fact = 'signed_up' AND f.occurred_at >= g AT TIME ZONE 'UTC'"
                                  + " AND f.occurred_at < (g + interval '1 day') AT TIME ZONE 'UTC')::bigint AS signups"
                                  + " FROM generate_series(?::date::timestamp, ?::date::timestamp, interval '1 day') AS g,"
                                  + " LATERAL (SELECT"
                                  + " (SELECT count(*) FROM analytics_member_days WHERE day = g::date)::bigint AS dau,"
                                  + " (SELECT count(DISTINCT user_id) FROM analytics_member_days"
                                  + " WHERE day BETWEEN g::date - 6 AND g::date)::bigint AS wau,"
                                  + " (SELECT count(DISTINCT user_id) FROM analytics_member_days"
                                  + " WHERE day BETWEEN g::date - 29 AND g::date)::bigint AS mau) AS m ORDER BY g",
                          period.from(), period.to());
    }

    /**
     * Newsletter confirmations and unsubscribes per interval, and the confirmed total at each interval's end.
     *
     * @param period the period
     * @return rows of t, confirmed, unsubscribed, net, total
     */
    public Table newsletter(Period period) {
        return Rows.query(db, List.of("t", "confirmed", "unsubscribed", "net", "total"),
                          "SELECT to_char(b.b, 'YYYY-MM-DD') AS t, c.confirmed, c.unsubscribed,"
                                  + " c.confirmed - c.unsubscribed AS net,"
                                  + " (SELECT count(*) FILTER (WHERE to_state = 'confirmed')"
                                  + " - count(*) FILTER (WHERE to_state = 'unsubscribed' AND from_state = 'confirmed')"
                                  + " FROM analytics_facts WHERE subject = 'subscriber'"
                                  + " AND occurred_at < (b.b + ('1 ' || ?)::interval) AT TIME ZONE 'UTC')::bigint AS total"
                                  + " FROM (" + BUCKETS + ") b, LATERAL (SELECT"
                                  + " count(*) FILTER (WHERE f.to_state = 'confirmed')::bigint AS confirmed,"
                                  + " count(*) FILTER (WHERE f.to_state = 'unsubscribed' AND f.from_state = 'confirmed')::bigint"
                                  + " AS unsubscribed FROM analytics_facts f WHERE f.subject = 'subscriber' AND" + IN_PERIOD
                                  + " AND " + FACT_BUCKET + " = b.b) AS c ORDER BY b.b",
                          period.interval(), period.interval(), period.from(), period.to(), period.interval(),
                          period.from(), period.to(), period.interval());
    }
}
