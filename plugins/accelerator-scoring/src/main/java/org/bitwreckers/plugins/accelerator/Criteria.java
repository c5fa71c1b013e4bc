package org.bitwreckers.plugins.accelerator;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.Documents;
import org.bitwreckers.cms.spi.Refusal;

/**
 * The published scoring criteria (content served at /api/v1/innovation/accelerator/criteria): each key with its
 * weight and the top of its scale.
 */
record Criteria(Map<String, Criterion> byKey) {
    static final List<String> KEYS = List.of("innovation", "feasibility", "impact", "team");

    record Criterion(String key, BigDecimal weight, long maxScore) {
    }

    static Criteria published(Documents documents) {
        Map<String, Criterion> byKey = new LinkedHashMap<>();
        for (Document d : documents.find("accelerator_criterion", Map.of(), 100)) {
            if (d.published() && d.text("key").isPresent()) {
                BigDecimal weight = d.data().get("weight") instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
                long max = d.number("max_score").map(Number::longValue).orElse(10L);
                byKey.put(d.text("key").get(), new Criterion(d.text("key").get(), weight, max));
            }
        }
        if (!byKey.keySet().containsAll(KEYS)) {
            throw Refusal.conflict("Scoring needs a published criterion for each of " + String.join(", ", KEYS));
        }
        return new Criteria(byKey);
    }

    /**
     * The weighted total on a 0–100 scale: each criterion's average as a share of its scale, weighted, divided by
     * the sum of the weights.
     */
    long total(Map<String, Double> averages) {
        double weighted = 0;
        double weights = 0;
        for (Criterion c : byKey.values()) {
            Double avg = averages.get(c.key());
            if (avg != null) {
                weighted += c.weight().doubleValue() * avg / c.maxScore();
                weights += c.weight().doubleValue();
            }
        }
        return weights == 0 ? 0 : Math.round(100 * weighted / weights);
    }
}
