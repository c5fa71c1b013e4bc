package org.bitwreckers.cms.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Progress is redrawn in place on a terminal and written once per part elsewhere. */
class ProgressLineTest {
    private static final String NL = System.lineSeparator();

    private static String show(boolean terminal) {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out), terminal);
        line.show("article", "  article: 500 entries");
        line.show("article", "  article: 1000 entries");
        line.show("event", "  event: 10 entries");
        line.finish();
        return out.toString();
    }

    @Test
    void aTerminalSeesEachPartRedrawnOnItsOwnLine() {
        assertThat(show(true), is("\r  article: 500 entries\u001b[K\r  article: 1000 entries\u001b[K" + NL
                                          + "\r  event: 10 entries\u001b[K" + NL));
    }

    @Test
    void aLogGetsEachPartsLastStateOnce() {
        assertThat(show(false), is("  article: 1000 entries" + NL + "  event: 10 entries" + NL));
    }
}
