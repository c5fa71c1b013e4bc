package org.bitwreckers.cms.http;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class AcceptEncodingTest {
    @Test
    void gzipIsChosenOnlyWhenItsWeightAllowsIt() {
        for (String yes : new String[] {"gzip", "GZIP", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "x-gzip",
                "*", "deflate, *;q=0.5", "gzip;q=0.001", "gzip ; q=0.5", "gzip;Q=1", "identity;q=0.5, gzip"}) {
            assertThat(yes, AcceptEncoding.gzip(yes), is(true));
        }
        for (String no : new String[] {"", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "gzip;q=0, *",
                "*;q=0", "br, *;q=0", "gzip;q=abc", "gzip;q=2", "gzip;q=0.5, identity;q=1", ",,;", "gzipped"}) {
            assertThat(no, AcceptEncoding.gzip(no), is(false));
        }
        assertThat(AcceptEncoding.gzip(null), is(false));
    }
}
