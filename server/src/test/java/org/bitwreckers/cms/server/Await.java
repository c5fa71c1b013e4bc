package org.bitwreckers.cms.server;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits, within a deadline, for something asynchronous by design (a job, a notification) to become true.
 */
final class Await {
    private Await() {
    }

    /**
     * @param limit     longest wait
     * @param condition checked repeatedly
     * @return whether it became true in time
     */
    static boolean until(Duration limit, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20); // polling interval of a bounded wait, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
