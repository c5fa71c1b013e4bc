package org.bitwreckers.cms.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mail templates: {@code <name>.txt} (first line {@code Subject: ...}, a blank line, then the plain-text body) and
 * {@code <name>.html}, with {@code {{variable}}} placeholders. Operators override a template by putting a file of
 * the same name in MAIL_TEMPLATES_DIR; the defaults ship in the server jar. In the HTML part every value is
 * HTML-escaped; in the subject line breaks are removed (no header injection).
 */
public final class MailTemplates {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,60}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_][a-z0-9_]*)\\s*}}");

    private final Optional<Path> dir;
    private final List<ClassLoader> loaders;
    private final Map<String, Parsed> bundled = new ConcurrentHashMap<>();
    private final Map<String, OperatorFile> operatorFiles = new ConcurrentHashMap<>();

    /**
     * A rendered message.
     *
     * @param subject subject line
     * @param text    plain-text body
     * @param html    HTML body
     */
    public record Rendered(String subject, String text, String html) {
    }

    /** The templates the platform sends; all must render at start-up. */
    public static final List<String> BUILT_IN = List.of(
            "welcome", "application-received", "application-decision", "event-registration", "event-reminder",
            "contact-notification", "password-reset", "newsletter-confirm", "newsletter-issue", "verify-email",
            "registration-attempt", "staff-invitation");

    /**
     * @param dir folder of operator overrides (may not exist)
     */
    public MailTemplates(Optional<Path> dir) {
        this(dir, List.of());
    }

    /**
     * @param dir     folder of operator overrides (may not exist)
     * @param plugins class loaders of plugins that bring templates, searched before the platform's own
     */
    public MailTemplates(Optional<Path> dir, List<ClassLoader> plugins) {
        this.dir = dir;
        List<ClassLoader> all = new ArrayList<>(plugins);
        all.add(MailTemplates.class.getClassLoader());
        this.loaders = List.copyOf(all);
    }

    /**
     * @param name      template name
     * @param variables values for the placeholders (missing ones render empty)
     * @return subject and both parts
     * @throws IllegalArgumentException when the template does not exist or has no subject line
     */
    public Rendered render(String name, Map<String, String> variables) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid template name '" + name + "'");
        }
        Parsed text = load(name + ".txt");
        Parsed html = load(name + ".html");
        if (text.subject() == null) {
            throw new IllegalArgumentException("mail template " + name + ".txt must start with a 'Subject:' line");
        }
        return new Rendered(text.subject().fill(variables, MailTemplates::oneLine), text.body().fill(variables, v -> v),
                            html.whole().fill(variables, v -> escape(v).replace("\n", "<br>\n")));
    }

    /**
     * An operator's file when there is one (read again once it changed: overrides take effect while running), else a
     * plugin's or the platform's, read once: jars do not change under a running server. Reading and parsing both for
     * each mail was a tenth of the server's work on a public form submission.
     */
    private Parsed load(String file) {
        Optional<BasicFileAttributes> attributes = dir.flatMap(d -> regularFile(d.resolve(file)));
        if (attributes.isEmpty()) {
            operatorFiles.remove(file); // none, or taken away: the built-in one again
        } else {
            OperatorFile known = operatorFiles.get(file);
            if (known != null && known.unchanged(attributes.get())) {
                return known.parsed();
            }
            try {
                Parsed parsed = Parsed.of(Files.readString(dir.get().resolve(file), StandardCharsets.UTF_8));
                operatorFiles.put(file, new OperatorFile(attributes.get().lastModifiedTime(), attributes.get().size(),
                                                         parsed));
                return parsed;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read mail template " + file, e);
            }
        }
        return bundled.computeIfAbsent(file, this::fromJars);
    }

    private static Optional<BasicFileAttributes> regularFile(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Parsed fromJars(String file) {
        for (ClassLoader loader : loaders) {
            try (InputStream in = loader.getResourceAsStream("mail/" + file)) {
                if (in != null) {
                    return Parsed.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read mail template " + file, e);
            }
        }
        throw new IllegalArgumentException("no mail template " + file);
    }

    /** An operator's template as last read, with what its file looked like then. */
    private record OperatorFile(FileTime modified, long size, Parsed parsed) {
        boolean unchanged(BasicFileAttributes now) {
            return now.lastModifiedTime().equals(modified) && now.size() == size;
        }
    }

    /**
     * A template file split once: as a whole (an HTML part), and as its subject line and the rest (a text part).
     *
     * @param whole   the whole file
     * @param subject the line after "Subject:", null when the file does not start with one
     * @param body    the text after the subject line
     */
    private record Parsed(Fill whole, Fill subject, Fill body) {
        static Parsed of(String file) {
            Fill whole = Fill.of(file);
            if (!file.startsWith("Subject:")) {
                return new Parsed(whole, null, whole);
            }
            int end = file.indexOf('\n');
            return new Parsed(whole, Fill.of(file.substring("Subject:".length(), end < 0 ? file.length() : end).strip()),
                              Fill.of(end < 0 ? "" : file.substring(end + 1).stripLeading()));
        }
    }

    /**
     * A text with placeholders, as the pieces between them and their names: {@code pieces} has one more element.
     *
     * @param pieces the literal text around the placeholders
     * @param names  the placeholders' variable names, in order
     */
    private record Fill(List<String> pieces, List<String> names) {
        static Fill of(String template) {
            List<String> pieces = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(template);
            int from = 0;
            while (m.find()) {
                pieces.add(template.substring(from, m.start()));
                names.add(m.group(1));
                from = m.end();
            }
            pieces.add(template.substring(from));
            return new Fill(List.copyOf(pieces), List.copyOf(names));
        }

        String fill(Map<String, String> variables, UnaryOperator<String> encode) {
            StringBuilder out = new StringBuilder(pieces.getFirst());
            for (int i = 0; i < names.size(); i++) {
                out.append(encode.apply(variables.getOrDefault(names.get(i), ""))).append(pieces.get(i + 1));
            }
            return out.toString();
        }
    }

    /**
     * @param value text
     * @return the text safe inside HTML element content and attribute values
     */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ");
    }
}
