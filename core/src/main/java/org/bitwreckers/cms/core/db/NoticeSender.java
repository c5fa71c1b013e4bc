package org.bitwreckers.cms.core.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.helidon.dbclient.DbClient;

/**
 * Sends the notices of committed transactions from one thread of the process: whatever has waited meanwhile goes in
 * one statement per database, each notice once. The transaction's thread only hands them over. Sent by the thread that
 * committed, each write took a second pooled connection and a second transaction of its own: without them public
 * form submissions ran a fifth faster, and during a burst hundreds of a second's notices say the same thing (jobs
 * are ready).
 */
final class NoticeSender {
    private static final BlockingQueue<Waiting> WAITING = new LinkedBlockingQueue<>();

    static {
        Thread.ofPlatform().daemon().name("bitwreckers-notices").start(NoticeSender::run);
    }

    private NoticeSender() {
    }

    /**
     * Notices to send once their turn comes, or, with none, a caller waiting until all before it were sent.
     *
     * @param db      the database they go to
     * @param notices the notices
     * @param sent    counted down once they (and all handed over before them) were sent, or null
     */
    private record Waiting(DbClient db, Collection<Notices.Notice> notices, CountDownLatch sent) {
    }

    /**
     * @param db      the database of the committed transaction
     * @param notices its notices
     */
    static void later(DbClient db, Collection<Notices.Notice> notices) {
        WAITING.add(new Waiting(db, notices, null));
    }

    /**
     * Waits until the notices handed over before this call were sent (or failed to be: they are only logged then).
     *
     * @param timeoutMillis how long to wait at most
     * @return whether they were sent within it
     * @throws InterruptedException when interrupted
     */
    static boolean flush(long timeoutMillis) throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);
        WAITING.add(new Waiting(null, List.of(), sent));
        return sent.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static void run() {
        List<Waiting> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(WAITING.take());
            } catch (InterruptedException e) {
                return; // a daemon: only the end of the process stops it
            }
            WAITING.drainTo(batch);
            Map<DbClient, List<Notices.Notice>> byDatabase = new IdentityHashMap<>();
            for (Waiting waiting : batch) {
                if (waiting.db() != null) {
                    byDatabase.computeIfAbsent(waiting.db(), db -> new ArrayList<>()).addAll(waiting.notices());
                }
            }
            byDatabase.forEach(Notices::sendQuietly);
            batch.stream().filter(w -> w.sent() != null).forEach(w -> w.sent().countDown());
            batch.clear();
        }
    }
}
