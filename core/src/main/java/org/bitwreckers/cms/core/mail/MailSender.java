package org.bitwreckers.cms.core.mail;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Delivers messages. The embedded default has none (mail is captured in the database); with SMTP_HOST set it is
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
     * Delivers messages in order, over one connection, and stops at the first that fails.
     *
     * @param messages  the messages
     * @param delivered told of each message as soon as the server has accepted it
     * @throws Exception when the server refuses a message or cannot be reached: a
     *                   {@link org.bitwreckers.cms.core.jobs.TransientFailure} is retried for as long as the outage
     *                   lasts, a {@link org.bitwreckers.cms.core.jobs.PermanentFailure} marks the message failed at once,
     *                   anything else is retried up to the job's attempt limit
     */
    void sendAll(List<Message> messages, Consumer<Message> delivered) throws Exception;
}
