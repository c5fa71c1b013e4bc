package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;

/**
 * Progress of long work, one line per part (a content type, say). On a terminal the line is redrawn as the part
 * advances; elsewhere (a log file, a pipe) only each part's last state is written, so logs stay readable.
 */
final class ProgressLine {
    private static final String CLEAR_TO_END = "\u001b[K";

    private final PrintWriter out;
    private final boolean terminal;
    private String part;
    private String text;

    ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * @param part which part advanced
     * @param now  its state, as one line
     */
    synchronized void show(String part, String now) {
        if (this.part != null && !this.part.equals(part)) {
            endLine();
        }
        this.part = part;
        this.text = now;
        if (terminal) {
            out.print("\r" + now + CLEAR_TO_END);
            out.flush();
        }
    }

    /** Ends the last part's line. */
    synchronized void finish() {
        if (part != null) {
            endLine();
            part = null;
        }
    }

    private void endLine() {
        if (terminal) {
            out.println();
        } else {
            out.println(text);
        }
        out.flush();
    }
}
