package org.bitwreckers.cms.delivery;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

class DeliveryResponderTest {
    @Test
    void cacheKeysIgnoreCacheBustersButNotRealParameters() {
        String plain = DeliveryResponder.normalised(Map.of("filter[category]", List.of("web")));
        assertThat(DeliveryResponder.normalised(Map.of("filter[category]", List.of("web"), "_", List.of("1699999"))),
                   is(plain));
        assertThat(DeliveryResponder.normalised(Map.of("filter[category]", List.of("ai"))), not(plain));
        assertThat(DeliveryResponder.normalised(Map.of("f", List.of("a, b"))),
                   not(DeliveryResponder.normalised(Map.of("f", List.of("a", "b")))));
        assertThat(DeliveryResponder.normalised(Map.of("sort", List.of("title"), "page", List.of("2"))),
                   is(DeliveryResponder.normalised(Map.of("page", List.of("2"), "sort", List.of("title")))));
    }
}
