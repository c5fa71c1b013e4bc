package org.bitwreckers.cms.server.observe;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The log writer: order kept, a slow output costs info lines (counted) but never a warning, close writes the rest. */
class AsyncLineHandlerTest {
    private static final Formatter MESSAGE_ONLY = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    };

    @Test
    void linesArriveInOrderAndCloseWritesWhatIsQueued() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLineHandler handler = new AsyncLineHandler(out, MESSAGE_ONLY);
        for (int i = 0; i < 2000; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + i));
        }
        handler.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.size(), is(2000));
        assertThat(lines.get(0), is("line 0"));
        assertThat(lines.get(1999), is("line 1999"));
        handler.publish(new LogRecord(Level.INFO, "after close"));
        assertThat(out.toString(StandardCharsets.UTF_8).endsWith("after close\n"), is(true));
    }

    @Test
    void aStuckOutputDropsAndCountsInfoLinesButWritesWarnings() throws Exception {
        StuckOutput out = new StuckOutput();
        AsyncLineHandler handler = new AsyncLineHandler(out, MESSAGE_ONLY);
        handler.publish(new LogRecord(Level.INFO, "first"));
        out.entered.await(); // the writer took "first" alone and is stuck writing it
        for (int i = 0; i < AsyncLineHandler.CAPACITY; i++) {
            handler.publish(new LogRecord(Level.INFO, "queued " + i));
        }
        handler.publish(new LogRecord(Level.INFO, "no room"));
        assertThat(handler.dropped(), is(1L));

        Thread warning = Thread.ofPlatform().start(() -> handler.publish(new LogRecord(Level.WARNING, "must not be lost")));
        while (warning.getState() != Thread.State.BLOCKED) { // waiting for the stuck writer: written, not queued
            Thread.onSpinWait();
        }
        out.release.countDown();
        warning.join();
        handler.close();
        List<String> lines = out.written().lines().toList();
        assertThat(lines, hasItem("must not be lost"));
        assertThat(lines, not(hasItem("no room")));
        assertThat(lines.size(), is(AsyncLineHandler.CAPACITY + 2));
        assertThat(handler.dropped(), is(1L));
    }

    /** Blocks the first write until released. */
    private static final class StuckOutput extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        String written() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
