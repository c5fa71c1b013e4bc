package org.bitwreckers.cms.spi;

/**
 * What a plugin route answers: a status in the 2xx range, the envelope's {@code data} (JSON-like values) and an
 * optional message.
 *
 * @param status  HTTP status (200, 201, 202 or 204)
 * @param data    JSON-like value (Map, List, String, Number, Boolean, null)
 * @param message human-readable message (may be null)
 * @since 0.1
 */
public record Reply(int status, Object data, String message) {
    /**
     * @param data the data
     * @return a 200
     */
    public static Reply ok(Object data) {
        return new Reply(200, data, null);
    }

    /**
     * @param data    the data
     * @param message what happened
     * @return a 200 with a message
     */
    public static Reply ok(Object data, String message) {
        return new Reply(200, data, message);
    }

    /**
     * @param data    the new resource
     * @param message what happened
     * @return a 201
     */
    public static Reply created(Object data, String message) {
        return new Reply(201, data, message);
    }
}
