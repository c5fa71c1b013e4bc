package org.bitwreckers.cms.server.observe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes log lines from one background thread, so a request never waits on the terminal or the pipe behind it: the
 * logging thread formats its line (while its request id is still in scope) and queues it; every 50 ms the writer
 * takes what has queued up, writes it as one batch and flushes once. With an access line per request this is what keeps logging off
 * the hot path. When the queue is full, lines below {@code WARNING} are dropped and counted ({@link #dropped()}, the
 * {@code bitwreckers_log_lines_dropped_total} meter); warnings and errors are written by the logging thread itself, so
 * none is lost. {@link #close()} (java.util.logging calls it at exit) writes whatever is still queued.
 */
public final class AsyncLineHandler extends Handler {
    /** Lines held at most; at ~300 bytes an access line, a few MB. */
    static final int CAPACITY = 8192;
    private static final int BATCH = 512;
    /**
     * The writer wakes this often and writes what gathered. Waking for every line instead (a blocking take) cost a
     * thread hand-over per request: a quarter of the throughput of cached answers on two cores.
     */
    private static final long GATHER_MILLIS = 50;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    /** Lines as UTF-8, gathered and written per batch (encoding through a {@code Writer} made a char array a line). */
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param stream    where lines go (standard output in production)
     * @param formatter what turns a record into its line
     */
    public AsyncLineHandler(OutputStream stream, Formatter formatter) {
        this.out = new BufferedOutputStream(stream, 64 * 1024);
        setFormatter(formatter);
        this.writer = Thread.ofPlatform().daemon().name("log-writer").start(this::drain);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("log record could not be formatted", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        if (closed) {
            write(List.of(line));
        } else if (!queue.offer(line)) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                write(List.of(line));
            } else {
                dropped.incrementAndGet();
            }
        }
    }

    /** @return lines below {@code WARNING} dropped because the writer could not keep up */
    public long dropped() {
        return dropped.get();
    }

    /** Flushes what the writer has written; queued lines follow with the writer's next batch. */
    @Override
    public void flush() {
        write(List.of());
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> rest = new ArrayList<>();
        queue.drainTo(rest);
        write(rest);
    }

    private void drain() {
        List<String> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                Thread.sleep(GATHER_MILLIS);
            } catch (InterruptedException e) {
                return; // closing: close() writes what is left
            }
            while (queue.drainTo(batch, BATCH) > 0) {
                write(batch);
                batch.clear();
            }
        }
    }

    private void write(List<String> lines) {
        synchronized (out) {
            try {
                for (String line : lines) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            } catch (IOException e) {
                reportError("log lines could not be written", e, ErrorManager.WRITE_FAILURE);
            }
        }
    }
}
