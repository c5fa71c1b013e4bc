package org.bitwreckers.cms.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.helidon.dbclient.DbTransaction;

/**
 * Runs small units of work from many threads in shared transactions: one commit, and one wait for the disk, for all
 * the units that queued meanwhile. Each caller waits until its unit committed and gets its own result or failure.
 *
 * <p>A few writers (virtual threads, started when units wait and none is free) each take up to a batch of waiting
 * units and run them one after another in one transaction. When a unit fails, that transaction is rolled back, the
 * other units run again together, and then the failed one alone for its own answer: a bad unit fails by itself, and
 * nothing of the others is half-written or lost. When the transaction itself fails (no connection, a lost database,
 * a refused commit), every unit of the batch fails with it, as a lone transaction's caller would; whether a commit
 * that failed on the wire took effect is unknown, so running the units again could write them twice.
 *
 * <p>Under load this turns many short transactions into few longer ones: the units' statements stay the same, but
 * their commits, the waits for the disk and the pooled connections they take are shared.
 */
public final class SharedCommits {
    private final Transactional transactions;
    private final String name;
    private final int writers;
    private final int batchLimit;
    private final Queue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    /** Runs work in a transaction of its own: committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Transactional {
        /**
         * @param work the work
         * @param <T>  what it answers
         * @return what it answered, once committed
         */
        <T> T call(Function<DbTransaction, T> work);
    }

    /**
     * @param name         the writers' thread name
     * @param transactions how a transaction is run (a batch's, and a unit's alone)
     * @param writers      transactions running at once at most
     * @param batchLimit   units in one transaction at most
     */
    public SharedCommits(String name, Transactional transactions, int writers, int batchLimit) {
        this.name = name;
        this.transactions = transactions;
        this.writers = writers;
        this.batchLimit = batchLimit;
    }

    /**
     * Runs a unit in a transaction it may share with others, and waits until that committed.
     *
     * @param work the unit: its statements, on the transaction it is given
     * @param <T>  what it answers
     * @return what it answered, once committed
     */
    public <T> T call(Function<DbTransaction, T> work) {
        Unit<T> unit = new Unit<>(work, new CompletableFuture<>());
        waiting.add(unit);
        startWriter();
        try {
            return unit.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** @return units waiting for a writer */
    public int waiting() {
        return waiting.size();
    }

    private void startWriter() {
        for (int n = running.get(); n < writers; n = running.get()) {
            if (running.compareAndSet(n, n + 1)) {
                Thread.ofVirtual().name(name).start(this::write);
                return;
            }
        }
    }

    private void write() {
        try {
            for (List<Unit<?>> batch = next(); !batch.isEmpty(); batch = next()) {
                run(batch);
            }
        } finally {
            running.decrementAndGet();
            // a unit queued after the last look, while every writer was busy, found none to start: start one for it
            if (!waiting.isEmpty()) {
                startWriter();
            }
        }
    }

    private List<Unit<?>> next() {
        List<Unit<?>> batch = new ArrayList<>();
        for (Unit<?> unit = waiting.poll(); unit != null; unit = batch.size() < batchLimit ? waiting.poll() : null) {
            batch.add(unit);
        }
        return batch;
    }

    private void run(List<Unit<?>> batch) {
        if (batch.size() == 1) {
            batch.getFirst().runAlone(transactions);
            return;
        }
        int[] failing = {-1}; // the unit running when the transaction failed; -1 once all of them ran
        List<Object> results;
        try {
            results = transactions.call(tx -> {
                List<Object> answered = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    failing[0] = i;
                    answered.add(batch.get(i).work().apply(tx));
                }
                failing[0] = -1;
                return answered;
            });
        } catch (RuntimeException failure) {
            if (failing[0] < 0 || DatabaseOutage.causedIt(failure)) {
                batch.forEach(unit -> unit.result().completeExceptionally(failure)); // the transaction itself failed
            } else {
                List<Unit<?>> others = new ArrayList<>(batch);
                Unit<?> failed = others.remove(failing[0]);
                run(others);
                failed.runAlone(transactions); // after the others, as if it had come last: its own answer
            }
            return;
        } catch (Error error) {
            batch.forEach(unit -> unit.result().completeExceptionally(error));
            throw error;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    /** A caller's work and what it is waiting for. */
    private record Unit<T>(Function<DbTransaction, T> work, CompletableFuture<T> result) {
        void runAlone(Transactional transactions) {
            try {
                result.complete(transactions.call(work));
            } catch (RuntimeException | Error failure) {
                result.completeExceptionally(failure);
            }
        }

        @SuppressWarnings("unchecked") // answered by this unit's own work
        void complete(Object answered) {
            result.complete((T) answered);
        }
    }
}
