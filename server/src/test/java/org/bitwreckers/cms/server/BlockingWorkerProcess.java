package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.Map;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.jobs.JobWorkers;

/**
 * A separate process for {@link JobQueueTest}: claims jobs of kind {@code test.block} with a 2-second lease and never
 * finishes them, until the test kills it.
 */
public final class BlockingWorkerProcess {
    private BlockingWorkerProcess() {
    }

    /**
     * @param args DATABASE_URL of the test database
     * @throws InterruptedException never in practice: the process is killed
     */
    public static void main(String[] args) throws InterruptedException {
        DbClient db = Database.connect(DatabaseUrl.parse(args[0]), 2);
        JobWorkers workers = new JobWorkers(db, Map.of("test.block", job -> Thread.sleep(Long.MAX_VALUE)),
                                            new JobWorkers.JobSettings(1, Duration.ofSeconds(2), Duration.ZERO,
                                                                       Duration.ofMillis(50)), "doomed-process");
        workers.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
