package org.bitwreckers.cms.core.analytics;

import java.util.Set;

import org.bitwreckers.cms.core.error.CmsException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A beacon is checked field by field, every problem named at once. */
class BeaconTest {
    private static final Set<String> TYPES = Set.of("project");
    private static final Set<String> NAMES = Set.of("apply_clicked");

    @Test
    void aViewNamesItsDocument() {
        Beacon b = Beacon.parse("{\"k\":\"view\",\"u\":\"https://site.org/projects/x\",\"t\":\"project\",\"s\":\"x\","
                                        + "\"r\":\"\"}", TYPES, NAMES);
        assertThat(b.kind(), is(Beacon.Kind.VIEW));
        assertThat(b.entitySlug().orElseThrow(), is("x"));
        assertThat(b.referrer().isPresent(), is(false));
    }

    @Test
    void everyProblemIsNamed() {
        CmsException e = assertThrows(CmsException.class, () -> Beacon.parse(
                "{\"k\":\"event\",\"u\":\"javascript:alert(1)\",\"r\":\"nope\",\"n\":\"drop_tables\"}", TYPES, NAMES));
        assertThat(e.details(), hasKey("u"));
        assertThat(e.details(), hasKey("r"));
        assertThat(e.details(), hasKey("n"));
        CmsException view = assertThrows(CmsException.class, () -> Beacon.parse(
                "{\"k\":\"view\",\"u\":\"https://site.org/\",\"t\":\"user\"}", TYPES, NAMES));
        assertThat(view.details(), hasKey("t"));
        assertThat(view.details(), hasKey("s"));
        assertThrows(CmsException.class, () -> Beacon.parse("[1]", TYPES, NAMES));
        assertThrows(CmsException.class, () -> Beacon.parse("{\"k\":", TYPES, NAMES));
    }
}
