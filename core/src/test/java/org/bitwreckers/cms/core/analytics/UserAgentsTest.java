package org.bitwreckers.cms.core.analytics;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Robots and automated browsers are told from people; people's browsers, systems and devices are named. */
class UserAgentsTest {
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    @Test
    void crawlersAndScriptsAreRobots() {
        assertThat(UserAgents.classify("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").robot(),
                   is(true));
        assertThat(UserAgents.classify("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)").robot(),
                   is(true));
        assertThat(UserAgents.classify("curl/8.5.0").robot(), is(true));
        assertThat(UserAgents.classify("python-requests/2.32.3").robot(), is(true));
    }

    @Test
    void automatedBrowsersAreRobotsBeforeTheRulesLoad() {
        String headless = CHROME.replace("Chrome/", "HeadlessChrome/");
        assertThat(UserAgents.plainlyAutomated(headless), is(true));
        assertThat(UserAgents.plainlyAutomated(""), is(true));
        assertThat(UserAgents.plainlyAutomated(CHROME), is(false));
    }

    @Test
    void peopleAreNamedByBrowserSystemAndDevice() {
        UserAgents.Agent desktop = UserAgents.classify(CHROME);
        assertThat(desktop.robot(), is(false));
        assertThat(desktop.browser(), is("Chrome"));
        assertThat(desktop.os(), is("Windows NT"));
        assertThat(desktop.device(), is("desktop"));
        UserAgents.Agent phone = UserAgents.classify(IPHONE);
        assertThat(phone.robot(), is(false));
        assertThat(phone.os(), is("iOS"));
        assertThat(phone.device(), is("mobile"));
    }
}
