package org.bitwreckers.cms.core.mail;

import java.util.Map;

/**
 * Delivers one message. The embedded default has none (mail is captured in the database); with SMTP_HOST set it is
 * {@link SmtpMailSender}.
 */
public interface MailSender {
    /**
     * A message to deliver.
     *
     * @param messageId stable Message-ID, the same on every retry so receivers can drop duplicates
     * @param to        recipient
     * @param subject   subject
     * @param text      plain-text part
     * @param html      HTML part
     * @param headers   extra headers (List-Unsubscribe...)
     */
    record Message(String messageId, String to, String subject, String text, String html, Map<String, String> headers) {
    }

    /**
     * @param message the message
     * @throws Exception when the server refuses it or cannot be reached: a
     *                   {@link org.bitwreckers.cms.core.jobs.TransientFailure} is retried for as long as the outage
     *                   lasts, a {@link org.bitwreckers.cms.core.jobs.PermanentFailure} marks the message failed at once,
     *                   anything else is retried up to the job's attempt limit
     */
    void send(Message message) throws Exception;
}
