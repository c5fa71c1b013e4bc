package org.bitwreckers.cms.core.analytics;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a visit came from: a channel decided when the beacon arrives (so reports group without string matching),
 * the referring host, and the page address's UTM tags. Referrals from the site itself are not a source.
 */
final class Sources {
    /** A visit's origin, as stored in the source dimension. */
    record Source(String channel, String referrerHost, String utmSource, String utmMedium, String utmCampaign) {
    }

    private static final int MAX_TAG = 100;
    private static final List<String> SEARCH = List.of("google.", "bing.com", "duckduckgo.com", "search.yahoo.",
                                                       "ecosia.org", "yandex.", "baidu.com", "qwant.com",
                                                       "startpage.com", "search.brave.com", "kagi.com");
    private static final List<String> SOCIAL = List.of("facebook.com", "instagram.com", "linkedin.com", "lnkd.in",
                                                       "twitter.com", "x.com", "t.co", "reddit.com", "youtube.com",
                                                       "tiktok.com", "news.ycombinator.com", "mastodon.", "bsky.app",
                                                       "threads.net", "discord.com", "whatsapp.com", "telegram.org");
    private static final Set<String> EMAIL_MEDIA = Set.of("email", "e-mail", "newsletter", "mail");
    private static final Set<String> PAID_MEDIA = Set.of("cpc", "ppc", "paid", "paidsearch", "paid_social", "display");

    private Sources() {
    }

    /**
     * @param page     the page's address (its query may hold UTM tags)
     * @param referrer the referring address, if any
     * @param ownHosts the site's own host names (self-referrals are not sources)
     * @return the source
     */
    static Source of(URI page, Optional<URI> referrer, Set<String> ownHosts) {
        Map<String, String> tags = utmTags(page.getRawQuery());
        String host = referrer.map(URI::getHost).map(h -> h.toLowerCase(Locale.ROOT))
                .map(h -> h.startsWith("www.") ? h.substring(4) : h)
                .filter(h -> !ownHosts.contains(h) && !ownHosts.contains("www." + h)).orElse("");
        String source = tags.getOrDefault("utm_source", "");
        String medium = tags.getOrDefault("utm_medium", "").toLowerCase(Locale.ROOT);
        return new Source(channel(host, source, medium), host, source, medium, tags.getOrDefault("utm_campaign", ""));
    }

    private static String channel(String host, String source, String medium) {
        if (EMAIL_MEDIA.contains(medium) || "newsletter".equalsIgnoreCase(source)) {
            return "email";
        }
        if (PAID_MEDIA.contains(medium)) {
            return "paid";
        }
        if (matches(host, SEARCH)) {
            return "search";
        }
        if (matches(host, SOCIAL) || "social".equals(medium)) {
            return "social";
        }
        if (!host.isEmpty()) {
            return "referral";
        }
        return source.isEmpty() ? "direct" : "campaign";
    }

    private static boolean matches(String host, List<String> known) {
        for (String k : known) {
            if (k.endsWith(".") ? host.startsWith(k) || host.contains("." + k) : host.equals(k) || host.endsWith("." + k)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> utmTags(String rawQuery) {
        Map<String, String> tags = new HashMap<>();
        if (rawQuery == null) {
            return tags;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq);
            if (key.equals("utm_source") || key.equals("utm_medium") || key.equals("utm_campaign")) {
                try {
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                    tags.put(key, value.length() > MAX_TAG ? value.substring(0, MAX_TAG) : value);
                } catch (IllegalArgumentException e) {
                    // a malformed escape: the tag is left out, the visit still counts
                }
            }
        }
        return tags;
    }

    /**
     * @param page a page address
     * @return its path as counted: no query or fragment, no trailing slash, at most 500 characters
     */
    static String path(URI page) {
        String path = Optional.ofNullable(page.getPath()).filter(p -> !p.isEmpty()).orElse("/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.length() > 500 ? path.substring(0, 500) : path;
    }
}
