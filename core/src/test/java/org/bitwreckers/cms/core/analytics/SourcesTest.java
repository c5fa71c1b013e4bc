package org.bitwreckers.cms.core.analytics;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A visit's channel, referring host and UTM tags are decided when it arrives. */
class SourcesTest {
    private static final Set<String> SITE = Set.of("bitwreckers.org");

    private static Sources.Source of(String page, String referrer) {
        return Sources.of(URI.create(page), Optional.ofNullable(referrer).map(URI::create), SITE);
    }

    @Test
    void channelsFollowReferrerAndTags() {
        assertThat(of("https://bitwreckers.org/", null).channel(), is("direct"));
        assertThat(of("https://bitwreckers.org/", "https://www.google.com/search?q=x").channel(), is("search"));
        assertThat(of("https://bitwreckers.org/", "https://www.google.co.uk/").channel(), is("search"));
        assertThat(of("https://bitwreckers.org/", "https://t.co/abc").channel(), is("social"));
        assertThat(of("https://bitwreckers.org/", "https://blog.example.com/post").channel(), is("referral"));
        assertThat(of("https://bitwreckers.org/?utm_source=newsletter", null).channel(), is("email"));
        assertThat(of("https://bitwreckers.org/?utm_source=flyer&utm_campaign=fall", null).channel(), is("campaign"));
    }

    @Test
    void theSiteItselfIsNotASourceAndTagsAreKept() {
        Sources.Source self = of("https://bitwreckers.org/a?utm_source=x%20y&utm_medium=CPC&utm_campaign=c1&other=1",
                                 "https://www.bitwreckers.org/b");
        assertThat(self.referrerHost(), is(""));
        assertThat(self.utmSource(), is("x y"));
        assertThat(self.utmMedium(), is("cpc"));
        assertThat(self.utmCampaign(), is("c1"));
        assertThat(self.channel(), is("paid"));
    }

    @Test
    void pathsDropQueryFragmentAndTrailingSlash() {
        assertThat(Sources.path(URI.create("https://bitwreckers.org/projects/?a=1#top")), is("/projects"));
        assertThat(Sources.path(URI.create("https://bitwreckers.org")), is("/"));
    }
}
