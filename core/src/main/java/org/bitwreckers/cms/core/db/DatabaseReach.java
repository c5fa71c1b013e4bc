package org.bitwreckers.cms.core.db;

/**
 * Whether PostgreSQL can be reached, as the LISTEN connection last saw it. While it cannot, requests are answered 503
 * at once instead of each waiting for a pooled connection that cannot be made; the listener reconnects every few
 * seconds and reopens the gate. A busy pool is not an outage: requests then wait their turn.
 */
public final class DatabaseReach {
    private volatile boolean reachable = true;

    /** The LISTEN connection is up. */
    public void connected() {
        reachable = true;
    }

    /** The LISTEN connection was lost, or could not be made. */
    public void lost() {
        reachable = false;
    }

    /** @return whether the database was reachable at the last look */
    public boolean reachable() {
        return reachable;
    }
}
