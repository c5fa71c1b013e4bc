package org.bitwreckers.cms.http;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class AcceptEncodingTest {
    @Test
    void gzipIsChosenOnlyWhenItsWeightAllowsIt() {
        for (String yes : new String[] {"gzip", "GZIP", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "x-gzip",
                "*", "deflate, *;q=0.5", "gzip;q=0.001", "gzip ; q=0.5", "gzip;Q=1", "identity;q=0.5, gzip"}) {
            assertThat(yes, gzip(yes), is(true));
        }
        for (String no : new String[] {"", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "gzip;q=0, *",
                "*;q=0", "br, *;q=0", "gzip;q=abc", "gzip;q=2", "gzip;q=0.5, identity;q=1", ",,;", "gzipped"}) {
            assertThat(no, gzip(no), is(false));
        }
        assertThat(gzip(null), is(false));
    }

    @Test
    void brotliIsPreferredWhereItIsWeighedAtLeastAsGzip() {
        for (String br : new String[] {"gzip, deflate, br, zstd", "br", "BR;q=0.9, gzip;q=0.9", "gzip;q=0.5, br",
                "*", "br;q=0.5, *;q=0.5"}) {
            assertThat(br, AcceptEncoding.preferred(br, true, true), is(AcceptEncoding.Coding.BROTLI));
        }
        for (String gzip : new String[] {"gzip, deflate", "br;q=0.5, gzip", "br;q=0, *", "gzip, br;q=abc",
                "*;q=0.5, gzip"}) {
            assertThat(gzip, AcceptEncoding.preferred(gzip, true, true), is(AcceptEncoding.Coding.GZIP));
        }
        for (String identity : new String[] {"", "identity", "deflate", "br;q=0, gzip;q=0", "*;q=0", "br;q=0.5, gzip;q=0.5,"
                + " identity;q=1", "brotli"}) {
            assertThat(identity, AcceptEncoding.preferred(identity, true, true), is(AcceptEncoding.Coding.IDENTITY));
        }
        assertThat(AcceptEncoding.preferred(null, true, true), is(AcceptEncoding.Coding.IDENTITY));
        // a body without a brotli form (small, or the encoder did not load) goes in gzip; without either, as it is
        assertThat(AcceptEncoding.preferred("br, gzip", false, true), is(AcceptEncoding.Coding.GZIP));
        assertThat(AcceptEncoding.preferred("br", false, true), is(AcceptEncoding.Coding.IDENTITY));
        assertThat(AcceptEncoding.preferred("br, gzip", false, false), is(AcceptEncoding.Coding.IDENTITY));
    }

    /** Whether an answer that has only a gzip form goes out in gzip. */
    private static boolean gzip(String header) {
        return AcceptEncoding.preferred(header, false, true) == AcceptEncoding.Coding.GZIP;
    }
}
