package org.bitwreckers.plugins.accelerator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.Refusal;
import org.bitwreckers.cms.spi.Transition;
import org.bitwreckers.cms.spi.Tx;
import org.bitwreckers.cms.spi.Write;

/**
 * Applications after the last published closing deadline are refused; an application is decided only once it has
 * been scored, and scores stay the reviewers' (editors cannot set them).
 */
@Extension
public final class AcceleratorRules implements ContentHook {
    private static final List<String> SCORE_FIELDS = List.of("innovation_score", "feasibility_score", "impact_score",
                                                             "team_score", "total_score");

    @Override
    public boolean handles(String type) {
        return type.equals(ScoringRoutes.APPLICATION);
    }

    @Override
    public void beforeSave(Write write, Tx tx) {
        if (write.action().equals("submit")) {
            checkDeadline(tx, Instant.now());
        }
        if (!write.actor().startsWith("plugin:")) { // scores come from scoring, not from editing
            Map<String, Object> before = write.id().flatMap(id -> tx.documents().get(write.type(), id))
                    .map(Document::data).orElse(Map.of());
            for (String field : SCORE_FIELDS) {
                Object old = before.get(field);
                if (old == null) {
                    write.data().remove(field);
                } else {
                    write.data().put(field, old);
                }
            }
        }
    }

    private static void checkDeadline(Tx tx, Instant now) {
        List<Document> closes = tx.documents().find("accelerator_deadline", Map.of("kind", "closes"), 1000).stream()
                .filter(Document::published).toList();
        if (closes.isEmpty()) {
            return; // no deadline set: applications are always open
        }
        boolean open = closes.stream().anyMatch(d -> date(d).map(now::isBefore).orElse(false));
        if (!open) {
            Document last = closes.stream().max(Comparator.comparing(d -> date(d).orElse(Instant.EPOCH))).orElseThrow();
            throw Refusal.conflict("Applications are closed: the deadline (" + last.text("cohort").orElse("")
                                           + ") was " + last.text("date").orElse(""), Map.of("deadline", "passed"));
        }
    }

    private static Optional<Instant> date(Document d) {
        try {
            return d.text("date").map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void onTransition(Transition t, Tx tx) {
        if (t.to().equals("approved") || t.to().equals("rejected")) {
            if (tx.documents().count(ScoringRoutes.SCORE, Map.of("application", t.id())) == 0) {
                throw Refusal.conflict("Score this application before deciding it (no reviewer has scored it yet)");
            }
        }
    }
}
