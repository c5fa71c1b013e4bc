package org.bitwreckers.cms.core.content;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Rich text is stored sanitised: jsoup's allow-list keeps structure and formatting (paragraphs, headings, lists,
 * emphasis, quotes, code, tables, images) and drops everything else, so no script, event handler, style, iframe or
 * form reaches a page. Links keep only http(s) and mailto addresses; images only http(s) sources.
 */
final class RichText {
    private static final Safelist ALLOWED = Safelist.relaxed()
            .removeProtocols("a", "href", "ftp")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");
    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);

    private RichText() {
    }

    /**
     * @param html what the client sent
     * @return the allowed part of it
     */
    static String sanitise(String html) {
        return Jsoup.clean(html, "", ALLOWED, OUTPUT);
    }
}
