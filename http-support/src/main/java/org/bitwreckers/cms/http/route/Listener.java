package org.bitwreckers.cms.http.route;

/** The two listeners a route can be mounted on. */
public enum Listener {
    /** The public delivery API (PORT). */
    DELIVERY,
    /** The admin API (ADMIN_PORT). */
    ADMIN
}
