package org.bitwreckers.cms.core.plugin;

import java.util.HashMap;
import java.util.Map;

import io.helidon.dbclient.DbTransaction;

import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.spi.Documents;
import org.bitwreckers.cms.spi.Mail;
import org.bitwreckers.cms.spi.Notifications;
import org.bitwreckers.cms.spi.Tx;
import org.bitwreckers.cms.spi.Users;

/**
 * A plugin's view of one database transaction: what it writes, mails and notifies commits together.
 */
final class PluginTx implements Tx {
    private final PluginDocuments documents;
    private final DbTransaction tx;
    private final CoreServices core;

    PluginTx(CoreServices core, DbTransaction tx, String author) {
        this.core = core;
        this.tx = tx;
        this.documents = new PluginDocuments(core.registry(), core.documents(), core.db(), tx, author);
    }

    @Override
    public Documents documents() {
        return documents;
    }

    @Override
    public Mail mail() {
        MailService mail = core.mail();
        return new Mail() {
            @Override
            public void send(String template, String to, Map<String, String> variables) {
                mail.queue(tx, template, to, new HashMap<>(variables), Map.of());
            }

            @Override
            public void sendToTeam(String template, Map<String, String> variables) {
                send(template, core.teamInbox(), variables);
            }
        };
    }

    @Override
    public Notifications notifications() {
        NotificationService notifications = core.notifications();
        return (userId, kind, title, body, data) -> notifications.notify(tx, userId, kind, title, body, JsonMaps.toJson(data));
    }

    @Override
    public Users users() {
        return new PluginUsers(tx);
    }
}
