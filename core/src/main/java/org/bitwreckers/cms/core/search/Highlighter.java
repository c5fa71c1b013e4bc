package org.bitwreckers.cms.core.search;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.dbclient.DbClient;

import org.tartarus.snowball.SnowballStemmer;

/**
 * Makes a hit's highlight in the server: up to two passages of its text with the words the search found marked
 * ({@code <mark>}), the rest escaped for HTML. A word is marked when the text search configuration would make one of
 * the query's lexemes of it: lower-cased, and stemmed by the same Snowball algorithm where the configuration stems.
 * PostgreSQL's {@code ts_headline} did this in the database, where it cost more than the rest of a search (it parses
 * and stems the whole text of every hit, on the one server all nodes share).
 *
 * <p>Words are runs of letters and digits. Words joined by punctuation without spaces (a host name, an e-mail
 * address) are marked whole when the query has them whole and none of them alone, as PostgreSQL's parser keeps such
 * tokens; a hyphenated word's parts are marked one by one, as {@code ts_headline} marks them. A configuration whose
 * word dictionary is neither {@code simple} nor a Snowball stemmer this library has (a thesaurus, ispell) marks the
 * words as the query spells them, lower-cased.
 */
final class Highlighter {
    /** Words per passage, as {@code ts_headline}'s {@code MaxWords} was. */
    static final int PASSAGE_WORDS = 25;
    /** Passages at most, as its {@code MaxFragments}. */
    static final int PASSAGES = 2;
    /** Words shown before a passage's first marked word, when the text has them (more near the text's end). */
    static final int LEAD_WORDS = 5;
    private static final String BETWEEN_PASSAGES = " ... ";
    private static final Pattern SNOWBALL_LANGUAGE = Pattern.compile("language\\s*=\\s*'?([a-z]+)'?");

    private final Supplier<SnowballStemmer> stemmers;

    private Highlighter(Supplier<SnowballStemmer> stemmers) {
        this.stemmers = stemmers;
    }

    /**
     * @param db            database client
     * @param configuration a PostgreSQL text search configuration (SEARCH_LANGUAGE)
     * @return a highlighter that normalises words as the configuration's dictionary for plain words does
     */
    static Highlighter forConfiguration(DbClient db, String configuration) {
        return db.execute().get("SELECT t.tmplname AS template, coalesce(d.dictinitoption, '') AS options"
                                        + " FROM ts_debug(?::regconfig, 'word') w"
                                        + " JOIN pg_ts_dict d ON d.oid = w.dictionaries[1]"
                                        + " JOIN pg_ts_template t ON t.oid = d.dicttemplate", configuration)
                .map(r -> forDictionary(r.column("template").get(String.class), r.column("options").get(String.class)))
                .orElseGet(Highlighter::lowerCase);
    }

    /**
     * @param template the PostgreSQL text search template of the configuration's first dictionary for plain words
     *                 ({@code simple}, {@code snowball}, ...)
     * @param options  that dictionary's options ({@code language = 'english', stopwords = 'english'}), or empty
     * @return a highlighter that normalises words as that dictionary does, or by lower case alone
     */
    static Highlighter forDictionary(String template, String options) {
        Matcher language = SNOWBALL_LANGUAGE.matcher(options);
        if ("snowball".equals(template) && language.find()) {
            return stemmer(language.group(1)).map(Highlighter::new).orElseGet(Highlighter::lowerCase);
        }
        return lowerCase();
    }

    /** @return a highlighter comparing lower-cased words, as the {@code simple} dictionary makes them */
    static Highlighter lowerCase() {
        return new Highlighter(null);
    }

    /** The Snowball stemmer of a language (PostgreSQL and the stemmer library name them alike), if there is one. */
    private static Optional<Supplier<SnowballStemmer>> stemmer(String language) {
        String name = "org.tartarus.snowball.ext." + Character.toUpperCase(language.charAt(0)) + language.substring(1)
                + "Stemmer";
        try {
            var constructor = Class.forName(name).asSubclass(SnowballStemmer.class).getConstructor();
            return Optional.of(() -> {
                try {
                    return constructor.newInstance();
                } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("Cannot make the stemmer " + name, e);
                }
            });
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /**
     * @param queryWords the query's lexemes, as the configuration made them
     * @return what highlights the hits of that query
     */
    Marking forQuery(Collection<String> queryWords) {
        return new Marking(List.copyOf(queryWords));
    }

    /**
     * Marks one query's words in its hits' texts. Not shared between threads (its stemmer and buffers are not). It
     * works on places in the text and appends escaped characters, making no string per word: a page of hits has
     * thousands of words.
     */
    final class Marking {
        private final List<String> queryWords;
        private final Words words = new Words();
        private SnowballStemmer stemmer;
        private char[] lowered = new char[32];
        /** The lengths of the query's words, a bit each (lengths past 62 share the last). */
        private long lengths;

        private Marking(List<String> queryWords) {
            this.queryWords = queryWords;
            for (String word : queryWords) {
                lengths |= lengthBit(word.length());
            }
        }

        /**
         * @param shown what the hit shows (its title and the part of its text the search found)
         * @return up to {@link #PASSAGES} passages of the text with the query's words marked, joined by " ... "; the
         *         text's first words when none of them appears
         */
        String highlight(String shown) {
            StringBuilder out = new StringBuilder(Math.min(shown.length(), 400) + 32);
            highlight(out, shown, false);
            return out.toString();
        }

        /**
         * Appends the highlight as the inside of a JSON string (escaped for JSON too): the hit's JSON is written
         * around it, without a string of the highlight and its escaped copy per hit.
         *
         * @param out   the hit's JSON so far, after an opening quote
         * @param shown what the hit shows
         */
        void highlightInJson(StringBuilder out, String shown) {
            highlight(out, shown, true);
        }

        private void highlight(StringBuilder out, String shown, boolean json) {
            char[] text = shown.toCharArray(); // read character by character, without a string's checks
            words.split(text, this);
            int from = words.firstMarked(0);
            if (from < 0) {
                append(out, text, 0, Math.min(words.size, PASSAGE_WORDS), json);
                return;
            }
            int end = 0;
            for (int passage = 0; passage < PASSAGES && from >= 0; passage++) {
                // the lead words before it, or as many more as the passage would otherwise lack at the text's end
                int start = Math.max(end, Math.min(from - LEAD_WORDS, words.size - PASSAGE_WORDS));
                if (passage == 0) {
                    append(out, text, start, end = Math.min(words.size, start + PASSAGE_WORDS), json);
                } else if (start == end) { // a passage that goes on where the one before ended is one passage
                    escaped(out, text, words.ends[end - 1], words.starts[start], json);
                    append(out, text, start, end = Math.min(words.size, start + PASSAGE_WORDS), json);
                } else {
                    out.append(BETWEEN_PASSAGES);
                    append(out, text, start, end = Math.min(words.size, start + PASSAGE_WORDS), json);
                }
                from = words.firstMarked(end);
            }
        }

        /**
         * Words [from, to) with what lies between them (and before the first word or after the last word of the
         * text), escaped, the marked ones in {@code <mark>}.
         */
        private void append(StringBuilder out, char[] text, int from, int to, boolean json) {
            int at = from == 0 ? 0 : words.starts[from];
            for (int i = from; i < to; i++) {
                escaped(out, text, at, words.starts[i], json);
                if (words.marked[i]) {
                    out.append("<mark>");
                    escaped(out, text, words.starts[i], words.ends[i], json);
                    out.append("</mark>");
                } else {
                    escaped(out, text, words.starts[i], words.ends[i], json);
                }
                at = words.ends[i];
            }
            if (to == words.size) {
                escaped(out, text, at, text.length, json);
            }
        }

        /** Whether the configuration makes one of the query's words of the text's characters [from, to). */
        boolean marks(char[] text, int from, int to) {
            int length = to - from;
            if (stemmers == null && (lengths & lengthBit(length)) == 0) { // lower case keeps the length
                return false;
            }
            if (lowered.length < length) {
                lowered = new char[length * 2];
            }
            boolean digits = false;
            for (int i = 0; i < length; i++) {
                char c = Character.toLowerCase(text[from + i]);
                lowered[i] = c;
                digits |= Character.isDigit(c);
            }
            if (isQueryWord(lowered, length)) {
                return true;
            }
            // words with digits are not stemmed: PostgreSQL's configurations send them to the simple dictionary
            if (stemmers == null || digits) {
                return false;
            }
            if (stemmer == null) {
                stemmer = stemmers.get();
            }
            stemmer.setCurrent(lowered, length); // the stemmer works in this buffer (or a larger one of its own)
            stemmer.stem();
            char[] stem = stemmer.getCurrentBuffer();
            boolean found = isQueryWord(stem, stemmer.getCurrentBufferLength());
            if (stem.length > lowered.length) {
                lowered = stem;
            }
            return found;
        }

        private static long lengthBit(int length) {
            return 1L << Math.min(length, 63);
        }

        private boolean isQueryWord(char[] word, int length) {
            for (String queryWord : queryWords) {
                if (queryWord.length() == length && sameCharacters(queryWord, word)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sameCharacters(String queryWord, char[] word) {
            for (int i = 0; i < queryWord.length(); i++) {
                if (queryWord.charAt(i) != word[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Appends the text's characters [from, to), escaped for HTML (and, inside a JSON string, for JSON). */
    private static void escaped(StringBuilder out, char[] text, int from, int to, boolean json) {
        int plain = from; // the start of the characters not yet appended, which need no escape
        for (int i = from; i < to; i++) {
            char c = text[i];
            String escape = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> json ? "\\\"" : null;
                case '\\' -> json ? "\\\\" : null;
                case '\n' -> json ? "\\n" : null;
                case '\r' -> json ? "\\r" : null;
                case '\t' -> json ? "\\t" : null;
                default -> json && c < ' ' ? String.format("\\u%04x", (int) c) : null;
            };
            if (escape != null) {
                out.append(text, plain, i - plain).append(escape);
                plain = i + 1;
            }
        }
        out.append(text, plain, to - plain);
    }

    /**
     * The words of a text: where each starts and ends, and whether it is marked. Words are runs of letters and
     * digits. A compound (words joined by punctuation) is its parts, each marked when the query has it; a compound
     * none of whose parts the query has is one word, marked when the query has it whole. Reused from hit to hit.
     */
    private static final class Words {
        private int size;
        private int[] starts = new int[128];
        private int[] ends = new int[128];
        private boolean[] marked = new boolean[128];

        void split(char[] text, Marking marking) {
            size = 0;
            int i = 0;
            while (i < text.length) {
                while (i < text.length && !isWordCharacter(text, i)) {
                    i += width(text, i);
                }
                if (i == text.length) {
                    break;
                }
                int start = i;
                int first = size;
                boolean anyMarked = false;
                while (true) { // the parts of a compound
                    int partStart = i;
                    while (i < text.length && isWordCharacter(text, i)) {
                        i += width(text, i);
                    }
                    anyMarked |= add(partStart, i, marking.marks(text, partStart, i));
                    int next = i;
                    while (next < text.length && !isWordCharacter(text, next)
                            && !Character.isWhitespace(text[next])) {
                        next += width(text, next);
                    }
                    if (next == i || next == text.length || !isWordCharacter(text, next)) {
                        break;
                    }
                    i = next;
                }
                if (size - first > 1 && !anyMarked && marking.marks(text, start, i)) {
                    size = first;
                    add(start, i, true);
                }
            }
        }

        /** The characters of the code point at that place: 2 for a surrogate pair. */
        private static int width(char[] text, int at) {
            return Character.isHighSurrogate(text[at]) && at + 1 < text.length ? 2 : 1;
        }

        /** Whether a letter or digit starts at that place; ASCII answered without a table lookup. */
        private static boolean isWordCharacter(char[] text, int at) {
            char c = text[at];
            if (c < 128) {
                return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            }
            return Character.isLetterOrDigit(Character.codePointAt(text, at));
        }

        private boolean add(int start, int end, boolean mark) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                marked = Arrays.copyOf(marked, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            marked[size++] = mark;
            return mark;
        }

        int firstMarked(int from) {
            for (int i = from; i < size; i++) {
                if (marked[i]) {
                    return i;
                }
            }
            return -1;
        }
    }
}
