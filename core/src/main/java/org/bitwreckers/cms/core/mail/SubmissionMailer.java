package org.bitwreckers.cms.core.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.document.SubmissionListener;

/**
 * Queues the mails a submission type declares in {@code onSubmit}: a notification to the team inbox, a receipt to
 * the submitter. They are queued in the submission's transaction: no submission without its mails, and no mail
 * about a submission that was not stored.
 */
public final class SubmissionMailer implements SubmissionListener.Together {
    private final MailService mail;
    private final String teamInbox;

    /**
     * @param mail      mail service
     * @param teamInbox TEAM_INBOX address
     */
    public SubmissionMailer(MailService mail, String teamInbox) {
        this.mail = mail;
        this.teamInbox = teamInbox;
    }

    /** Its mails are rows made from what the submissions stored: one statement for all of a commit's. */
    @Override
    public void submittedTogether(DbExecute tx, List<Submission> submissions) {
        List<MailService.Outgoing> mails = new ArrayList<>();
        for (Submission s : submissions) {
            Map<String, String> variables = new HashMap<>();
            s.data().forEach((k, v) -> variables.put(k, text(v)));
            variables.put("id", Long.toString(s.id()));
            variables.put("type", s.type().name());
            variables.put("type_label", s.type().label().toLowerCase(Locale.ROOT));
            for (ContentType.SubmitMail m : s.type().onSubmit()) {
                String to = m.to().equals("team") ? teamInbox : text(s.data().get(m.to().substring("field:".length())));
                if (!to.isEmpty()) {
                    mails.add(new MailService.Outgoing(m.template(), to, variables));
                }
            }
        }
        mail.queueAll(tx, mails);
    }

    private static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
