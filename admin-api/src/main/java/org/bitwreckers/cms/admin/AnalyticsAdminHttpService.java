package org.bitwreckers.cms.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.analytics.AnalyticsRollup;
import org.bitwreckers.cms.core.analytics.Period;
import org.bitwreckers.cms.core.analytics.PlatformReports;
import org.bitwreckers.cms.core.analytics.Table;
import org.bitwreckers.cms.core.analytics.TrafficReports;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.workflow.WorkflowService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.spi.Workflow;

/**
 * The analytics dashboard's reports. Every report takes {@code period} (today, 7d, 30d, 90d, 12mo, or custom with
 * {@code from} and {@code to}) and {@code interval} (day, week, month); table reports answer CSV with
 * {@code format=csv}.
 *
 * <pre>
 * GET /summary                          page views, visitors, events, document views; and the previous period
 * GET /timeseries?filter=channel:search page views and visitors per interval (filtered: from the daily cells)
 * GET /breakdown?dimension=page&limit=  top pages, channels, referrers, UTM tags, browsers, systems, devices, events
 * GET /realtime                         the last five minutes
 * GET /documents/{type}/{id}            one document's views per interval (its page in the editor)
 * GET /top-documents?type=project       most viewed documents with daily views
 * GET /applications                     per workflow: funnel, time to decision, backlog by age
 * GET /events                           fill and attendance per event; registration changes per interval
 * GET /members                          active members per day (DAU, WAU, MAU, stickiness), sign-ups
 * GET /newsletter                       confirmations, unsubscribes, net and total per interval
 * GET /dropped                          beacons not counted, per day and reason
 * POST /rollups?from=&to=               recount the rollups of those days (after an import or a restore)
 * </pre>
 */
final class AnalyticsAdminHttpService {
    private static final Set<String> PERIOD = Set.of("period", "from", "to", "interval", "format");
    private static final int MAX_LIMIT = 100;
    private static final Map<String, String> QUERY_HELP = Map.of(
            "filter", "dimension:value, repeatable; filters combine with AND",
            "dimension", "page, channel, referrer, utm_source, utm_medium, utm_campaign, browser, os, device or event",
            "limit", "rows at most (1-100, default 10)",
            "type", "a content type",
            "compare", "previous: each interval also gets the same interval of the period before (previous_t,"
                    + " previous_pageviews, previous_visitors)");

    private final TrafficReports traffic;
    private final PlatformReports platform;
    private final WorkflowService workflows;
    private final Clock clock;
    private final JobQueue jobs;

    AnalyticsAdminHttpService(TrafficReports traffic, PlatformReports platform, WorkflowService workflows, Clock clock,
                              JobQueue jobs) {
        this.jobs = jobs;
        this.traffic = traffic;
        this.platform = platform;
        this.workflows = workflows;
        this.clock = clock;
    }

    void mounts(RouteTable.Builder t) {
        report(t, "summary", "getAnalyticsSummary", "Page views, visitors, events, document views; and the period before",
               Set.of(), p -> traffic.summary(p));
        report(t, "timeseries", "getAnalyticsTimeseries", "Page views and visitors per interval", Set.of("filter", "compare"),
               (req, p) -> traffic.timeseries(p, filters(req), compare(req)));
        report(t, "breakdown", "getAnalyticsBreakdown", "Top pages, channels, referrers, UTM tags, browsers, systems,"
                       + " devices or events", Set.of("filter", "dimension", "limit"),
               (req, p) -> traffic.breakdown(RequestParams.single(req, "dimension").orElse("page"), p, filters(req),
                                             limit(req)));
        report(t, "realtime", "getAnalyticsRealtime", "Visitors and page views in the last five minutes", Set.of(),
               p -> traffic.realtime());
        report(t, "documents/{type}/{id}", "getAnalyticsDocument", "One document's views per interval", Set.of(),
               (req, p) -> traffic.document(req.path().pathParameters().get("type"), RequestParams.id(req, "id"), p));
        report(t, "top-documents", "getAnalyticsTopDocuments", "Most viewed documents of a type, with daily views",
               Set.of("type", "limit"),
               (req, p) -> traffic.topDocuments(RequestParams.single(req, "type").orElse("project"), p, limit(req)));
        report(t, "events", "getAnalyticsEvents", "Fill and attendance per event dated in the period", Set.of(),
               platform::events);
        report(t, "event-registrations", "getAnalyticsEventRegistrations", "Registration changes per interval",
               Set.of(), platform::registrations);
        report(t, "members", "getAnalyticsMembers", "Active members per day (DAU, WAU, MAU, stickiness) and sign-ups",
               Set.of(), platform::members);
        report(t, "newsletter", "getAnalyticsNewsletter", "Newsletter confirmations, unsubscribes, net and total",
               Set.of(), platform::newsletter);
        report(t, "dropped", "getAnalyticsDropped", "Beacons not counted, per day and reason", Set.of(),
               traffic::dropped);
        periodQueries(t.get("/admin/v1/analytics/applications", this::applications).needs(Permission.ANALYTICS)
                              .tag("analytics").doc("getAnalyticsApplications", "Per workflow: funnel, time to decision,"
                                      + " backlog by age (format=csv: the funnel steps of every workflow)")
                              .query("type", "string", "one workflow's content type")
                              .query("format", "string", "json (default) or csv")
                              .returns(Schemas.object()).errors(400));
        periodQueries(t.post("/admin/v1/analytics/rollups", this::recount).needs(Permission.ANALYTICS).tag("analytics")
                              .doc("recountAnalyticsRollups", "Queue a recount of the period's daily rollups")
                              .returns(202, Schemas.fields("days:integer")).errors(400));
    }

    private void report(RouteTable.Builder t, String path, String operationId, String summary, Set<String> extra,
                        Report report) {
        report(t, path, operationId, summary, extra, (req, p) -> report.run(p));
    }

    private void report(RouteTable.Builder t, String path, String operationId, String summary, Set<String> extra,
                        RequestReport report) {
        RouteTable.Route route = t.get("/admin/v1/analytics/" + path,
                                       (req, res) -> table(req, res, path.replaceAll("/.*", ""), extra,
                                                           p -> report.run(req, p)))
                .needs(Permission.ANALYTICS).tag("analytics").doc(operationId, summary + " (format=csv for CSV)")
                .returns(Schemas.fields("period:object", "rows:array")).errors(400);
        periodQueries(route).query("format", "string", "json (default) or csv");
        for (String name : extra) {
            route.query(name, name.equals("limit") ? "integer" : "string", QUERY_HELP.get(name));
        }
    }

    private static RouteTable.Route periodQueries(RouteTable.Route route) {
        return route.query("period", "string", "today, 7d, 30d (default), 90d, 12mo, or custom with from and to")
                .query("from", "string", "first day (YYYY-MM-DD) of a custom period")
                .query("to", "string", "last day (YYYY-MM-DD) of a custom period")
                .query("interval", "string", "day (default), week or month");
    }

    private interface RequestReport {
        Table run(ServerRequest req, Period period);
    }

    private interface Report {
        Table run(Period period);
    }

    private void table(ServerRequest req, ServerResponse res, String name, Set<String> extra, Report report) {
        Period period = period(req, extra);
        boolean csv = csv(req);
        Table table = report.run(period);
        if (csv) {
            sendCsv(res, name, period, table);
            return;
        }
        JsonObjectBuilder data = periodJson(period).add("rows", table.json());
        Responses.json(res, Status.OK_200, Envelope.success(data.build().toString(), "OK"));
    }

    private static void sendCsv(ServerResponse res, String name, Period period, Table table) {
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8")
                .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"analytics-" + name + "-"
                        + period.from() + "-" + period.to() + ".csv\"")
                .header(Responses.NOSNIFF)
                .send(table.csv());
    }

    private void applications(ServerRequest req, ServerResponse res) {
        Period period = period(req, Set.of("type"));
        Optional<String> only = RequestParams.single(req, "type");
        List<Workflow> chosen = workflows.all().stream().filter(w -> only.isEmpty() || only.get().equals(w.type()))
                .toList();
        if (csv(req)) {
            Map<String, Table> funnels = new LinkedHashMap<>();
            chosen.forEach(w -> funnels.put(w.type(), platform.funnel(w, period)));
            sendCsv(res, "applications", period, Table.stacked("type", funnels));
            return;
        }
        JsonArrayBuilder types = Jsons.createArrayBuilder();
        for (Workflow w : chosen) {
            types.add(Jsons.createObjectBuilder()
                              .add("type", w.type())
                              .add("steps", platform.funnel(w, period).json())
                              .add("time_to_decision", platform.timeToDecision(w, period).json().getFirst())
                              .add("backlog", platform.backlog(w).json()));
        }
        JsonObjectBuilder data = periodJson(period).add("workflows", types);
        Responses.json(res, Status.OK_200, Envelope.success(data.build().toString(), "OK"));
    }

    /** Queues a recount of the period's rollups: {@code POST /rollups?from=2026-01-01&to=2026-01-31}. */
    private void recount(ServerRequest req, ServerResponse res) {
        long days = AnalyticsRollup.recount(jobs, period(req, Set.of()));
        Responses.json(res, Status.ACCEPTED_202, Envelope.success("{\"days\":" + days + "}",
                                                                  "Queued a recount of " + days + " days"));
    }

    private Period period(ServerRequest req, Set<String> extra) {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (String name : RequestParams.query(req).keySet()) {
            if (!PERIOD.contains(name) && !extra.contains(name)) {
                unknown.put(name, "is not a parameter of this report");
            }
        }
        if (!unknown.isEmpty()) {
            throw CmsException.badRequest("Invalid analytics query", unknown);
        }
        return Period.parse(RequestParams.single(req, "period"), RequestParams.single(req, "from"),
                            RequestParams.single(req, "to"), RequestParams.single(req, "interval"), clock);
    }

    private static JsonObjectBuilder periodJson(Period period) {
        return Jsons.createObjectBuilder().add("period", Jsons.createObjectBuilder()
                .add("from", period.from().toString()).add("to", period.to().toString())
                .add("interval", period.interval()));
    }

    private static boolean compare(ServerRequest req) {
        return RequestParams.single(req, "compare").map(c -> {
            if (!c.equals("previous")) {
                throw CmsException.badRequest("Invalid analytics query", Map.of("compare", "is previous, or absent"));
            }
            return true;
        }).orElse(false);
    }

    private static List<String> filters(ServerRequest req) {
        return RequestParams.query(req).getOrDefault("filter", List.of());
    }

    private static int limit(ServerRequest req) {
        return RequestParams.single(req, "limit").map(text -> {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1 && n <= MAX_LIMIT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw CmsException.badRequest("Invalid analytics query", Map.of("limit", "is a number from 1 to " + MAX_LIMIT));
        }).orElse(10);
    }

    private static boolean csv(ServerRequest req) {
        return RequestParams.single(req, "format").map(f -> {
            if (!f.equals("csv") && !f.equals("json")) {
                throw CmsException.badRequest("Invalid analytics query", Map.of("format", "is json or csv"));
            }
            return f.equals("csv");
        }).orElse(false);
    }
}
