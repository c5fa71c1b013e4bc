package org.bitwreckers.cms.core.plugin;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.notification.NotificationService;

/**
 * The core services plugins reach, through the narrow SPI interfaces only.
 *
 * @param db            database client
 * @param registry      content types (including those plugins bring)
 * @param documents     the document write path
 * @param mail          mail queue
 * @param notifications in-app notifications
 * @param teamInbox     TEAM_INBOX address
 */
public record CoreServices(DbClient db, ContentTypeRegistry registry, DocumentService documents, MailService mail,
                           NotificationService notifications, String teamInbox) {
}
