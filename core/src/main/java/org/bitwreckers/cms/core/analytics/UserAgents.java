package org.bitwreckers.cms.core.analytics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Tells people from robots, and names a person's browser, operating system and device class. Robots are recognised by
 * a maintained library (YAUAA, whose rules follow new crawlers) plus rules for automated browsers it counts as
 * people (headless Chrome, PhantomJS, Puppeteer, Playwright, Selenium).
 *
 * <p>The library takes seconds to load its rules, so it loads once per process, in the background, when the first
 * beacon arrives; start-up does not wait for it and the beacon writer holds its batch until it is ready.
 */
final class UserAgents {
    /** How a user agent is counted. */
    record Agent(boolean robot, String browser, String os, String device) {
    }

    private static final Logger LOG = Logger.getLogger(UserAgents.class.getName());
    private static final String[] AUTOMATED = {"headlesschrome", "phantomjs", "puppeteer", "playwright", "selenium",
                                               "webdriver", "electron", "slimerjs", "lighthouse", "pagespeed"};
    private static final Set<String> ROBOT_CLASSES = Set.of("Robot", "Robot Mobile",
                                                                                 "Robot Imitator", "Hacker", "Spy");
    private static final CompletableFuture<UserAgentAnalyzer> ANALYZER = new CompletableFuture<>();
    private static final Object STARTED = new Object();
    private static boolean started;

    private UserAgents() {
    }

    /**
     * The rules any beacon is checked against before it is queued; cheap enough for the request thread.
     *
     * @param userAgent the User-Agent header
     * @return whether it is plainly automated (or absent)
     */
    static boolean plainlyAutomated(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return true;
        }
        String lower = userAgent.toLowerCase(Locale.ROOT);
        for (String marker : AUTOMATED) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Starts loading the library's rules in the background, once per process. */
    static void load() {
        synchronized (STARTED) {
            if (started) {
                return;
            }
            started = true;
        }
        // started while a beacon is answered: without inherited thread locals, its log lines carry no request's id
        Thread.ofPlatform().daemon().name("user-agent-rules").inheritInheritableThreadLocals(false).start(() -> {
            long start = System.nanoTime();
            try {
                ANALYZER.complete(UserAgentAnalyzer.newBuilder()
                                          .hideMatcherLoadStats()
                                          .dropTests() // the rules' own test cases would stay in the heap otherwise
                                          .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_NAME,
                                                      UserAgent.OPERATING_SYSTEM_NAME)
                                          .withCache(10_000)
                                          .immediateInitialization()
                                          .build());
                LOG.info("User agent rules loaded in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (RuntimeException | Error e) {
                ANALYZER.completeExceptionally(e);
                throw e;
            }
        });
    }

    /** @return whether the rules are loaded */
    static boolean ready() {
        return ANALYZER.isDone();
    }

    /**
     * @param userAgent a User-Agent header (after {@link #plainlyAutomated} let it through)
     * @return how it is counted; waits for the rules when they are still loading
     */
    static Agent classify(String userAgent) {
        if (plainlyAutomated(userAgent)) {
            return new Agent(true, "", "", "");
        }
        load();
        UserAgent parsed = ANALYZER.join().parse(userAgent);
        String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
        boolean robot = ROBOT_CLASSES.contains(deviceClass);
        return new Agent(robot, word(parsed.getValue(UserAgent.AGENT_NAME)),
                         word(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)), device(deviceClass));
    }

    private static String device(String deviceClass) {
        return switch (deviceClass) {
            case "Phone", "Mobile" -> "mobile";
            case "Tablet" -> "tablet";
            case "Desktop" -> "desktop";
            default -> "other";
        };
    }

    private static String word(String value) {
        return value == null || value.startsWith("??") || value.startsWith("Unknown") ? "unknown"
                : value.length() > 60 ? value.substring(0, 60) : value;
    }
}
