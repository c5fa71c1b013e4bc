package org.bitwreckers.cms.core.analytics;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** CSV from public input cannot run as a spreadsheet formula, and quotes what needs quoting. */
class TableTest {
    @Test
    void csvQuotesAndDisarmsFormulas() {
        Table t = new Table(List.of("key", "views"), List.of(List.of("=HYPERLINK(\"x\")", 3L),
                                                              Arrays.asList("/a,b", null)));
        assertThat(t.csv(), is("key,views\r\n\"'=HYPERLINK(\"\"x\"\")\",3\r\n\"/a,b\",\r\n"));
        assertThat(t.json().getJsonObject(0).getJsonNumber("views").longValue(), is(3L));
    }
}
