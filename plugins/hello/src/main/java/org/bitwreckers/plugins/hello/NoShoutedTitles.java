package org.bitwreckers.plugins.hello;

import java.util.Locale;
import java.util.Map;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.Write;

/** Refuses a title written in capitals only, on any type that has a title: a validation hook. */
@Extension
public final class NoShoutedTitles implements ContentHook {
    @Override
    public boolean handles(String type) {
        return true;
    }

    @Override
    public Map<String, String> validate(Write write) {
        if (write.data().get("title") instanceof String title && title.length() > 3
                && title.chars().anyMatch(Character::isLetter) && title.equals(title.toUpperCase(Locale.ROOT))) {
            return Map.of("title", "must not be written in capitals only");
        }
        return Map.of();
    }
}
