package org.bitwreckers.cms.core.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Templates render each part with its own encoding, and an operator's file wins over the built-in one from the next
 * mail on: when it appears, when it changes, and when it is taken away (templates are kept parsed between mails).
 */
class MailTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void eachPartGetsItsValuesInItsOwnEncoding() throws IOException {
        write("note", "Subject: Hello {{ name }}\n\nDear {{name}}, {{missing}}see {{ link }}.\n",
              "<p>{{name}}</p><a href=\"{{link}}\">{{link}}</a>");
        MailTemplates.Rendered mail = new MailTemplates(Optional.of(dir))
                .render("note", Map.of("name", "Ada <\"&'>\r\nBcc: x@example.com", "link", "https://e.example/?a=1&b=2"));
        assertThat(mail.subject(), is("Hello Ada <\"&'> Bcc: x@example.com"));
        assertThat(mail.text(), is("Dear Ada <\"&'>\r\nBcc: x@example.com, see https://e.example/?a=1&b=2.\n"));
        assertThat(mail.html(), is("<p>Ada &lt;&quot;&amp;&#39;&gt;\r<br>\nBcc: x@example.com</p>"
                                   + "<a href=\"https://e.example/?a=1&amp;b=2\">https://e.example/?a=1&amp;b=2</a>"));
    }

    @Test
    void anOperatorsFileWinsFromTheNextMailOnUntilItIsTakenAway(@TempDir Path jar) throws IOException {
        Files.createDirectories(jar.resolve("mail"));
        Files.writeString(jar.resolve("mail/welcome.txt"), "Subject: Welcome, {{name}}\n\nHello");
        Files.writeString(jar.resolve("mail/welcome.html"), "<p>Hello</p>");
        MailTemplates templates;
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            templates = new MailTemplates(Optional.of(dir), List.of(plugin));
            Map<String, String> values = Map.of("name", "Ada");
            assertThat(templates.render("welcome", values).subject(), is("Welcome, Ada"));
            overrideAndTakeAway(templates, values);
        }
    }

    private void overrideAndTakeAway(MailTemplates templates, Map<String, String> values) throws IOException {

        write("welcome", "Subject: First {{name}}\n\nbody", "<p>first</p>");
        assertThat(templates.render("welcome", values).subject(), is("First Ada"));

        write("welcome", "Subject: Second, longer {{name}}\n\nbody", "<p>second</p>");
        assertThat(templates.render("welcome", values).subject(), is("Second, longer Ada"));
        // the same size and a later time: a changed file all the same
        write("welcome", "Subject: Second, LONGER {{name}}\n\nbody", "<p>SECOND</p>");
        Files.setLastModifiedTime(dir.resolve("welcome.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(templates.render("welcome", values).subject(), is("Second, LONGER Ada"));
        assertThat(templates.render("welcome", values).html(), is("<p>SECOND</p>"));

        Files.delete(dir.resolve("welcome.txt"));
        Files.delete(dir.resolve("welcome.html"));
        assertThat(templates.render("welcome", values).subject(), is("Welcome, Ada"));
    }

    @Test
    void aTemplateWithoutASubjectLineOrWithoutAFileIsRefused() throws IOException {
        write("plain", "no subject here", "<p></p>");
        MailTemplates templates = new MailTemplates(Optional.of(dir));
        IllegalArgumentException noSubject = assertThrows(IllegalArgumentException.class,
                                                          () -> templates.render("plain", Map.of()));
        assertThat(noSubject.getMessage(), containsString("'Subject:' line"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                                                     () -> templates.render("nowhere", Map.of()));
        assertThat(none.getMessage(), containsString("no mail template nowhere.txt"));
        assertThrows(IllegalArgumentException.class, () -> templates.render("../welcome", Map.of()));
    }

    private void write(String name, String text, String html) throws IOException {
        Files.writeString(dir.resolve(name + ".txt"), text);
        Files.writeString(dir.resolve(name + ".html"), html);
    }
}
