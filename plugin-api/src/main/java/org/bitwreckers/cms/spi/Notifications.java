package org.bitwreckers.cms.spi;

import java.util.Map;

/**
 * In-app notifications for signed-in users (delivered live over Server-Sent Events once the transaction commits).
 *
 * @since 0.1
 */
public interface Notifications {
    /**
     * @param userId the user
     * @param kind   machine-readable kind, for example {@code application.status}
     * @param title  short title
     * @param body   text
     * @param data   extra JSON-like data for the client
     * @since 0.1
     */
    void notify(long userId, String kind, String title, String body, Map<String, Object> data);
}
