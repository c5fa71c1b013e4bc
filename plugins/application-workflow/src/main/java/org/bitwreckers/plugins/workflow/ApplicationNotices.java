package org.bitwreckers.plugins.workflow;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.CurrentUser;
import org.bitwreckers.cms.spi.Transition;
import org.bitwreckers.cms.spi.Tx;

/**
 * Tells applicants what happened: a decision mail when an application is approved or rejected, and an in-app
 * notification for every status change when the applicant has an account (they submitted signed in, or an account
 * uses the address they gave).
 */
@Extension
public final class ApplicationNotices implements ContentHook {
    /** Type to the field holding the applicant's address. */
    private static final Map<String, String> EMAIL = Map.of("student_application", "email",
                                                            "contact_submission", "email",
                                                            "accelerator_application", "contact_email");
    private static final Map<String, String> LABEL = Map.of("student_application", "student application",
                                                            "contact_submission", "message",
                                                            "accelerator_application", "accelerator application");
    private static final Set<String> DECISIONS = Set.of("approved", "rejected");

    @Override
    public boolean handles(String type) {
        return EMAIL.containsKey(type);
    }

    @Override
    public void onTransition(Transition t, Tx tx) {
        String email = t.data().get(EMAIL.get(t.type())) instanceof String s ? s : "";
        Map<String, String> vars = new HashMap<>();
        vars.put("id", Long.toString(t.id()));
        vars.put("type_label", LABEL.get(t.type()));
        vars.put("decision", t.to());
        vars.put("note", t.note());
        vars.put("full_name", name(t.data()));
        if (DECISIONS.contains(t.to()) && !email.isEmpty()) {
            if (t.type().equals("accelerator_application")) {
                vars.put("team_name", String.valueOf(t.data().getOrDefault("team_name", "")));
                vars.put("project_title", String.valueOf(t.data().getOrDefault("project_title", "")));
                vars.put("funding_amount", String.valueOf(t.data().getOrDefault("funding_amount", "")));
                tx.mail().send(t.to().equals("approved") ? "accelerator-approved" : "application-decision", email, vars);
            } else if (t.type().equals("student_application")) {
                tx.mail().send("application-decision", email, vars);
            }
        }
        Optional<Long> account = t.owner().or(() -> email.isEmpty() ? Optional.empty()
                : tx.users().byEmail(email).map(CurrentUser::id));
        account.ifPresent(userId -> tx.notifications().notify(
                userId, "application.status", "Your " + LABEL.get(t.type()) + " is now " + t.to().replace('_', ' '),
                t.note().isEmpty() ? "Reference #" + t.id() : t.note(),
                Map.of("type", t.type(), "id", t.id(), "status", t.to())));
    }

    private static String name(Map<String, Object> data) {
        for (String field : new String[] {"full_name", "name", "team_name"}) {
            if (data.get(field) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return "there";
    }
}
