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
        // a value holding what separates parameters is still one value of one parameter
        assertThat(DeliveryResponder.normalised(Map.of("a", List.of("x;1:b=1,1:y"))),
                   not(DeliveryResponder.normalised(Map.of("a", List.of("x"), "b", List.of("y")))));
        assertThat(DeliveryResponder.normalised(Map.of("sort", List.of("title"), "page", List.of("2"))),
                   is(DeliveryResponder.normalised(Map.of("page", List.of("2"), "sort", List.of("title")))));
    }
}
