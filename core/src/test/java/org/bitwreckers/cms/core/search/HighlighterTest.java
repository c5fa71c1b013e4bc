package org.bitwreckers.cms.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.ScratchDatabase;
import org.bitwreckers.cms.core.json.JsonText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Highlights are made in the server; the words they mark must be those PostgreSQL's {@code ts_headline} marks for the
 * same text and query under the same configuration (the search found the hit by those words).
 */
class HighlighterTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();

    private static final Pattern MARKED = Pattern.compile("<mark>(.*?)</mark>");
    private static final String[][] TEXTS_AND_QUERIES = {
        {"Northwind Traders ships northwind's parcels; NORTHWIND answers.", "northwind"},
        {"Running runners ran past the runway, then ran on running.", "running runner"},
        {"Studies of studying students who study", "study student"},
        {"Connected connections keep connecting the connector", "connection"},
        {"Visit example.com or write to ada@example.org about example", "example.com"},
        {"Open-source tools and an open source culture", "open-source"},
        {"Open-source tools and an open source culture", "source"},
        {"Version 2.0 shipped in 2024, the 2024th build", "2024"},
        {"Café culture in Zürich: CAFÉ ÉCOLE", "café école"},
        {"The quick brown fox and the lazy dog", "the fox"},
        {"Hackathon \"Build & Ship\" <b>hackers</b> hacked", "hacker hackathon"},
        {"Cities, city, citizens; a city's cities", "city"},
        {"Party 🎉 in 東京 after the 🎉 party, then Tokyo", "東京 party"},
        {"Northwind is north of the north-east shore", "north"},
    };

    @Test
    void marksTheWordsPostgresMarksWithTheSimpleConfiguration() {
        assertMarksAsPostgres("simple");
    }

    @Test
    void marksTheWordsPostgresMarksWithAStemmingConfiguration() {
        assertMarksAsPostgres("english");
    }

    private static void assertMarksAsPostgres(String configuration) {
        DbClient db = DATABASE.client();
        Highlighter highlighter = Highlighter.forConfiguration(db, configuration);
        for (String[] case_ : TEXTS_AND_QUERIES) {
            String text = case_[0];
            String query = case_[1];
            DbRow postgres = db.execute().get("SELECT ts_headline(?::regconfig, ?, websearch_to_tsquery(?::regconfig,"
                    + " ?), 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>') AS marked,"
                    + " tsvector_to_array(to_tsvector(?::regconfig, ?))::text AS words",
                    configuration, text, configuration, query, configuration, query).orElseThrow();
            String words = postgres.column("words").get(String.class);
            List<String> queryWords = List.of(words.substring(1, words.length() - 1).split(","));
            String ours = highlighter.forQuery(queryWords).highlight(text);
            assertThat(configuration + ": " + query + " in " + text + ": " + ours,
                       marked(ours), is(marked(postgres.column("marked").get(String.class))));
        }
    }

    @Test
    void aDictionaryWithoutItsStemmerHereMarksTheWordsAsTheQuerySpellsThem() {
        Highlighter thesaurus = Highlighter.forDictionary("thesaurus", "dictfile = 'mythesaurus'");
        assertThat(thesaurus.forQuery(List.of("studies")).highlight("Studies, study and studied"),
                   is("<mark>Studies</mark>, study and studied"));
        Highlighter english = Highlighter.forDictionary("snowball", "language = 'english', stopwords = 'english'");
        assertThat(english.forQuery(List.of("studi")).highlight("Studies, study and studied"),
                   is("<mark>Studies</mark>, <mark>study</mark> and <mark>studied</mark>"));
    }

    @Test
    void showsTwoPassagesAroundTheFirstWordsFoundWithTheirNeighbours() {
        String filler = "lorem ipsum dolor sit amet ".repeat(40);
        String text = "Wildlife map — " + filler + "the Okapi sanctuary opened near the river " + filler
                + "an okapi again " + filler + "and okapi once more";
        String shown = Highlighter.lowerCase().forQuery(List.of("okapi", "river")).highlight(text);

        assertThat(shown, startsWith("ipsum dolor sit amet the <mark>Okapi</mark> sanctuary opened near the"
                                             + " <mark>river</mark> lorem"));
        assertThat(shown, containsString(" ... ipsum dolor sit amet an <mark>okapi</mark> again lorem"));
        assertThat(shown, not(containsString("once more")));
        assertThat(marked(shown), is(List.of("Okapi", "river", "okapi")));
        // a passage near the end of the text starts earlier: it shows up to 25 words when the text has them
        assertThat(Highlighter.lowerCase().forQuery(List.of("marketplace"))
                           .highlight("From a napkin sketch to a live marketplace in one semester."),
                   is("From a napkin sketch to a live <mark>marketplace</mark> in one semester."));
    }

    @Test
    void showsTheStartWhenNoWordIsFoundAndEscapesTheText() {
        String text = "<script>alert(1)</script> & friends " + "word ".repeat(40);
        String shown = Highlighter.lowerCase().forQuery(List.of("absent")).highlight(text);

        // 25 words: script, alert, 1, script, friends and 20 of the rest
        assertThat(shown, is("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" + " word".repeat(20)));
        assertThat(Highlighter.lowerCase().forQuery(List.of("script")).highlight(text),
                   startsWith("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"));
    }

    @Test
    void aHighlightWrittenIntoJsonReadsBackAsTheHighlight() {
        String text = "Quote \"okapi\" and C:\\okapi\\path,\nnew line\ttab\u0001 <b>okapi</b> & 😀 okapi";
        Highlighter.Marking marking = Highlighter.lowerCase().forQuery(List.of("okapi"));
        StringBuilder json = new StringBuilder("{\"highlight\": \"");
        marking.highlightInJson(json, text);
        String written = json.append("\"}").toString();

        assertThat(written, containsString("\\\"<mark>okapi</mark>\\\""));
        assertThat(written, not(containsString("\n")));
        assertThat(JsonText.object(written).getString("highlight"), is(marking.highlight(text)));
    }

    @Test
    void aPassageThatGoesOnWhereTheFirstEndedJoinsIt() {
        String text = "alpha " + "word ".repeat(27) + "alpha end";
        String shown = Highlighter.lowerCase().forQuery(List.of("alpha")).highlight(text);

        assertThat(shown, not(containsString("...")));
        assertThat(shown, startsWith("<mark>alpha</mark> word"));
        assertThat(shown, endsWith("<mark>alpha</mark> end"));
    }

    private static List<String> marked(String highlight) {
        List<String> words = new ArrayList<>();
        Matcher m = MARKED.matcher(highlight);
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }
}
