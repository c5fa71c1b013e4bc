package org.bitwreckers.cms.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.Populate;
import org.bitwreckers.cms.core.query.View;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParsedQueriesTest {
    private final ParsedQueries<ListQuery> parsed = new ParsedQueries<>();
    private final AtomicInteger parses = new AtomicInteger();

    private Supplier<ListQuery> parser(int pageSize) {
        return () -> {
            parses.incrementAndGet();
            return new ListQuery(List.of(), List.of(), 1, pageSize, Optional.empty(), new Populate(null, Map.of()),
                                 Optional.empty());
        };
    }

    @Test
    void theSameQueryAskedAgainIsNotParsedAgain() {
        ListQuery first = parsed.get("list|article", View.PUBLISHED, "8:pageSize=1,1:5;", parser(5));
        ListQuery again = parsed.get("list|article", View.PUBLISHED, "8:pageSize=1,1:5;", parser(5));
        assertThat(again, is(sameInstance(first)));
        assertThat(parses.get(), is(1));
    }

    @Test
    void anotherRouteViewOrParameterIsParsedOnItsOwn() {
        parsed.get("list|article", View.PUBLISHED, "8:pageSize=1,1:5;", parser(5));
        parsed.get("list|article", View.PREVIEW, "8:pageSize=1,1:5;", parser(5));
        parsed.get("list|event", View.PUBLISHED, "8:pageSize=1,1:5;", parser(5));
        ListQuery six = parsed.get("list|article", View.PUBLISHED, "8:pageSize=1,1:6;", parser(6));
        assertThat(six.pageSize(), is(6));
        assertThat(parses.get(), is(4));
    }

    @Test
    void aRefusedQueryIsRefusedEachTime() {
        Supplier<ListQuery> refusing = () -> {
            parses.incrementAndGet();
            throw CmsException.validation(Map.of("pageSize", "must be at most 100"));
        };
        assertThrows(CmsException.class, () -> parsed.get("list|article", View.PUBLISHED, "8:pageSize=1,3:500;",
                                                           refusing));
        assertThrows(CmsException.class, () -> parsed.get("list|article", View.PUBLISHED, "8:pageSize=1,3:500;",
                                                           refusing));
        assertThat(parses.get(), is(2));
    }

    @Test
    void distinctQueriesBeyondTheBoundDropTheKeptOnes() {
        parsed.get("list|article", View.PUBLISHED, "first", parser(5));
        for (int i = 0; i < ParsedQueries.MAX_KEPT; i++) {
            parsed.get("list|article", View.PUBLISHED, "q" + i, parser(5));
        }
        parsed.get("list|article", View.PUBLISHED, "first", parser(5));
        assertThat(parses.get(), is(ParsedQueries.MAX_KEPT + 2)); // the first was dropped with the rest, parsed again
    }
}
