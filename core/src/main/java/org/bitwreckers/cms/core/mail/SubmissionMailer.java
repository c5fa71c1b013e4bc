package org.bitwreckers.cms.core.mail;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.document.SubmissionListener;

/**
 * Queues the mails a submission type declares in {@code onSubmit}: a notification to the team inbox, a receipt to
 * the submitter. They are queued in the submission's transaction: no submission without its mails, and no mail
 * about a submission that was not stored.
 */
public final class SubmissionMailer implements SubmissionListener {
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

    @Override
    public void submitted(DbExecute tx, ContentType type, long id, JsonObject data) {
        Map<String, String> variables = new HashMap<>();
        data.forEach((k, v) -> variables.put(k, text(v)));
        variables.put("id", Long.toString(id));
        variables.put("type", type.name());
        variables.put("type_label", type.label().toLowerCase(Locale.ROOT));
        for (ContentType.SubmitMail m : type.onSubmit()) {
            String to = m.to().equals("team") ? teamInbox : text(data.get(m.to().substring("field:".length())));
            if (!to.isEmpty()) {
                mail.queue(tx, m.template(), to, variables, Map.of());
            }
        }
    }

    private static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
