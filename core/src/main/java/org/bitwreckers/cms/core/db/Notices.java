package org.bitwreckers.cms.core.db;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;

/**
 * Wake-up notices ({@code NOTIFY}) sent after the write that causes them commits, not inside it. PostgreSQL
 * serialises the commits of all transactions that notify, fsync included, under one lock, so a notice in a write
 * transaction keeps commits from being flushed together: in {@code pgbench}, two inserts a transaction ran at 3,000
 * transactions/s on 8 clients, and 1,535 with a {@code pg_notify} among them; public form submissions ran half again
 * as fast without theirs. Sent afterwards, by the process's {@link NoticeSender}, the notices of every transaction
 * committed meanwhile go in one statement that does not wait for its commit to reach the disk (a notice needs no
 * durability: its listeners are connections).
 *
 * <p>Only for hints whose loss costs a delay: a process that dies between its commit and the notice leaves the work
 * to the listeners' next poll (job workers look every second). Notices that keep answers correct (a published
 * document changed) stay in their transaction.
 */
public final class Notices {
    private static final Logger LOG = Logger.getLogger(Notices.class.getName());
    /** Separates channels and payloads in the two bound texts: neither holds it. */
    private static final String SEPARATOR = "\u001f";
    private static final String NOTIFY = "SELECT count(*) AS sent FROM (SELECT pg_notify(n.channel, n.payload) FROM"
            + " unnest(string_to_array(?, chr(31)), string_to_array(?, chr(31))) AS n(channel, payload)) notified";
    /** A statement of its own: its commit need not wait for the disk (set for this transaction only). */
    private static final String NOTIFY_ALONE = NOTIFY.replace("SELECT count(*) AS sent",
            "SELECT count(*) AS sent, set_config('synchronous_commit', 'off', true) AS commit_mode");

    private Notices() {
    }

    /**
     * A notice on a channel, sent once the transaction commits (nothing when it rolls back), or at once when
     * {@code tx} is not a transaction run by {@link Transactions}.
     *
     * @param tx      the transaction of the write (or a plain executor)
     * @param channel the channel
     * @param payload what the listeners are told
     */
    public static void afterCommit(DbExecute tx, String channel, String payload) {
        Notice notice = new Notice(channel, payload);
        if (!(tx instanceof DbTransaction transaction)) {
            send(tx, NOTIFY_ALONE, List.of(notice));
        } else if (!Transactions.afterCommit(transaction, notice)) {
            send(tx, NOTIFY, List.of(notice)); // a transaction opened elsewhere: sent when it commits, as it always was
        }
    }

    /**
     * Waits until the notices of the transactions committed before this call were sent: for tests, which read them,
     * and for a process that stops.
     *
     * @param timeoutMillis how long to wait at most
     * @return whether they were sent within it
     * @throws InterruptedException when interrupted
     */
    public static boolean awaitSent(long timeoutMillis) throws InterruptedException {
        return NoticeSender.flush(timeoutMillis);
    }

    /**
     * Sends committed transactions' notices, in one statement (each once). A failure is logged, not thrown: the
     * writes they follow have committed, and listeners also poll.
     */
    static void sendQuietly(DbClient db, Collection<Notice> notices) {
        try {
            send(db.execute(), NOTIFY_ALONE, notices);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Notices after a commit could not be sent; listeners will find the work on their"
                    + " next poll: " + e.getMessage());
        }
    }

    private static void send(DbExecute execute, String sql, Collection<Notice> notices) {
        Set<Notice> unique = new LinkedHashSet<>(notices);
        if (unique.isEmpty()) {
            return;
        }
        execute.get(sql, String.join(SEPARATOR, unique.stream().map(Notice::channel).toList()),
                    String.join(SEPARATOR, unique.stream().map(Notice::payload).toList()));
    }

    /**
     * @param channel the channel (a name of the code's)
     * @param payload the payload (no {@code U+001F} in it)
     */
    record Notice(String channel, String payload) {
        /** Checks the text both go in. */
        Notice {
            if (channel.contains(SEPARATOR) || payload.contains(SEPARATOR)) {
                throw new IllegalArgumentException("a notice holds no U+001F");
            }
        }
    }
}
