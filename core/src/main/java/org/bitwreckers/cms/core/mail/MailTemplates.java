package org.bitwreckers.cms.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        String text = load(name + ".txt");
        String html = load(name + ".html");
        if (!text.startsWith("Subject:")) {
            throw new IllegalArgumentException("mail template " + name + ".txt must start with a 'Subject:' line");
        }
        int end = text.indexOf('\n');
        String subject = substitute(text.substring("Subject:".length(), end < 0 ? text.length() : end).strip(), variables,
                                    MailTemplates::oneLine);
        String body = end < 0 ? "" : text.substring(end + 1).stripLeading();
        return new Rendered(subject, substitute(body, variables, v -> v),
                            substitute(html, variables, v -> escape(v).replace("\n", "<br>\n")));
    }

    private String load(String file) {
        if (dir.isPresent() && Files.isRegularFile(dir.get().resolve(file))) {
            try {
                return Files.readString(dir.get().resolve(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read mail template " + file, e);
            }
        }
        for (ClassLoader loader : loaders) {
            try (InputStream in = loader.getResourceAsStream("mail/" + file)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read mail template " + file, e);
            }
        }
        throw new IllegalArgumentException("no mail template " + file);
    }

    private static String substitute(String template, Map<String, String> variables,
                                     UnaryOperator<String> encode) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
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
