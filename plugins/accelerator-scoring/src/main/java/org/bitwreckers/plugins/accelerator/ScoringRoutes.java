package org.bitwreckers.plugins.accelerator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.CurrentUser;
import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.PluginServices;
import org.bitwreckers.cms.spi.Refusal;
import org.bitwreckers.cms.spi.Reply;
import org.bitwreckers.cms.spi.RouteProvider;
import org.bitwreckers.cms.spi.RouteRequest;
import org.bitwreckers.cms.spi.Routes;
import org.bitwreckers.cms.spi.Tx;

/**
 * Reviewers (expert, mentor, admin) score applications; each application's averages and weighted total are kept on
 * it (innovation_score ... total_score); the ranking orders applications by total.
 */
@Extension
public final class ScoringRoutes implements RouteProvider {
    static final String APPLICATION = "accelerator_application";
    static final String SCORE = "accelerator_score";
    private static final Set<String> REVIEWERS = Set.of("expert", "mentor");
    private static final Set<String> OPEN = Set.of("submitted", "reviewing");

    @Override
    public void routes(Routes routes) {
        routes.admin(Routes.Method.POST, "/admin/v1/accelerator/applications/{id}/scores", REVIEWERS, ScoringRoutes::score);
        routes.admin(Routes.Method.GET, "/admin/v1/accelerator/applications/{id}/scores", REVIEWERS, ScoringRoutes::scores);
        routes.admin(Routes.Method.GET, "/admin/v1/accelerator/ranking", REVIEWERS, ScoringRoutes::ranking);
    }

    private static Reply score(RouteRequest request, PluginServices services) {
        CurrentUser reviewer = request.requireUser();
        long id = request.idParam("id");
        Map<String, Object> body = request.body();
        Criteria criteria = Criteria.published(services.documents());
        Map<String, Object> score = checkBody(body, criteria);
        return services.transaction(tx -> {
            Document application = tx.documents().lock(APPLICATION, id)
                    .orElseThrow(() -> Refusal.notFound("No accelerator application with id " + id));
            String status = application.text("status").orElse("");
            if (!OPEN.contains(status)) {
                throw Refusal.conflict("This application is already " + status + ": scores are closed");
            }
            if (ownTeam(application, reviewer)) {
                throw Refusal.forbidden("You cannot score an application of your own team");
            }
            if (!tx.documents().find(SCORE, Map.of("application", id, "reviewer_id", reviewer.id()), 1).isEmpty()) {
                throw Refusal.conflict("You already scored this application", Map.of("reviewer", "scored already"));
            }
            score.put("application", id);
            score.put("reviewer_id", reviewer.id());
            Document stored = tx.documents().create(SCORE, score, Optional.empty());
            Map<String, Object> totals = recompute(tx, id, criteria);
            Map<String, Object> data = new LinkedHashMap<>(stored.data());
            data.put("id", stored.id());
            data.put("application_totals", totals);
            return Reply.created(data, "Score recorded");
        });
    }

    /** The reviewer is on the team: the applicant account, the contact address, or an address among the members. */
    static boolean ownTeam(Document application, CurrentUser reviewer) {
        if (application.owner().map(o -> o == reviewer.id()).orElse(false)) {
            return true;
        }
        String email = reviewer.email().toLowerCase(Locale.ROOT);
        return application.text("contact_email").map(e -> e.equalsIgnoreCase(email)).orElse(false)
                || mentions(application.data().get("team_members"), email);
    }

    private static boolean mentions(Object value, String email) {
        if (value instanceof String s) {
            return s.strip().toLowerCase(Locale.ROOT).equals(email);
        }
        if (value instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(v -> mentions(v, email));
        }
        if (value instanceof List<?> l) {
            return l.stream().anyMatch(v -> mentions(v, email));
        }
        return false;
    }

    private static Map<String, Object> checkBody(Map<String, Object> body, Criteria criteria) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Object> score = new LinkedHashMap<>();
        for (String key : Criteria.KEYS) {
            long max = criteria.byKey().get(key).maxScore();
            Object value = body.get(key);
            if (!(value instanceof Long n) || n < 0 || n > max) {
                problems.put(key, "must be a whole number from 0 to " + max);
            } else {
                score.put(key, n);
            }
        }
        Object note = body.get("note");
        if (note != null && !(note instanceof String)) {
            problems.put("note", "must be text");
        } else if (note != null) {
            score.put("note", note);
        }
        body.keySet().stream().filter(k -> !Criteria.KEYS.contains(k) && !k.equals("note"))
                .forEach(k -> problems.put(k, "is not accepted here (" + String.join(", ", Criteria.KEYS) + ", note)"));
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
        return score;
    }

    /** Averages each criterion over the reviewers and stores them with the weighted total on the application. */
    static Map<String, Object> recompute(Tx tx, long applicationId, Criteria criteria) {
        List<Document> scores = tx.documents().find(SCORE, Map.of("application", applicationId), 1000);
        Map<String, Double> averages = new LinkedHashMap<>();
        for (String key : Criteria.KEYS) {
            averages.put(key, scores.stream().mapToLong(s -> s.number(key).orElse(0).longValue()).average().orElse(0));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        averages.forEach((key, avg) -> fields.put(key + "_score", Math.round(avg)));
        fields.put("total_score", criteria.total(averages));
        tx.documents().update(APPLICATION, applicationId, fields);
        Map<String, Object> totals = new LinkedHashMap<>(fields);
        totals.put("reviews", (long) scores.size());
        return totals;
    }

    private static Reply scores(RouteRequest request, PluginServices services) {
        long id = request.idParam("id");
        services.documents().get(APPLICATION, id)
                .orElseThrow(() -> Refusal.notFound("No accelerator application with id " + id));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Document s : services.documents().find(SCORE, Map.of("application", id), 1000)) {
            Map<String, Object> row = new LinkedHashMap<>(s.data());
            row.put("id", s.id());
            row.put("created_at", s.createdAt().toString());
            list.add(row);
        }
        return Reply.ok(list);
    }

    private static Reply ranking(RouteRequest request, PluginServices services) {
        Optional<String> status = request.query("status");
        List<Document> applications = new ArrayList<>(services.documents().find(
                APPLICATION, status.<Map<String, Object>>map(s -> Map.of("status", s)).orElse(Map.of()), 1000));
        applications.sort(Comparator.comparing((Document d) -> d.number("total_score").map(Number::longValue)
                .orElse(-1L)).reversed().thenComparing(Document::id));
        List<Map<String, Object>> list = new ArrayList<>();
        int rank = 0;
        for (Document d : applications) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", d.data().get("total_score") == null ? null : (long) ++rank);
            row.put("id", d.id());
            for (String field : List.of("team_name", "project_title", "status", "innovation_score", "feasibility_score",
                                        "impact_score", "team_score", "total_score", "funding_amount")) {
                row.put(field, d.data().get(field));
            }
            row.put("reviews", services.documents().count(SCORE, Map.of("application", d.id())));
            list.add(row);
        }
        return Reply.ok(list);
    }
}
