package org.bitwreckers.cms.core.value;

import java.util.regex.Pattern;

/**
 * Storage keys of media files: the SHA-256 of the stored bytes, an optional variant width, and the extension. Keys
 * are the only names that reach storage, URLs and paths.
 */
public final class MediaKeys {
    /** A media key, for example {@code 3f…e9.jpg} or {@code 3f…e9-w640.jpg}. */
    public static final Pattern KEY = Pattern.compile("[a-f0-9]{64}(-w[0-9]{2,5})?\\.[a-z0-9]{2,5}");

    private MediaKeys() {
    }

    /**
     * @param text any text
     * @return whether it is a media key
     */
    public static boolean valid(String text) {
        return KEY.matcher(text).matches();
    }

    /**
     * @param url a media URL or path ({@code /media/<key>}, a CDN URL, with or without a query)
     * @return the key it ends in (not checked)
     */
    public static String fromUrl(String url) {
        String path = url.replaceAll("[?#].*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
