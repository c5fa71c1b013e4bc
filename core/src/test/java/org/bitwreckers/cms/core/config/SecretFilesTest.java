package org.bitwreckers.cms.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every setting X may come from the file X_FILE names (Docker and Kubernetes secrets): one trailing line break is
 * dropped, X and X_FILE together are refused, and an unreadable file is named without its content.
 */
class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void everySecretReadsFromItsFile() throws IOException {
        Map<String, String> env = base();
        env.put("DATABASE_PASSWORD_FILE", secret("db", "pg pass word\n"));
        env.put("SECRET_KEY_FILE", secret("key", "k".repeat(40) + "\r\n"));
        env.put("ADMIN_API_TOKEN_FILE", secret("token", "t".repeat(30) + "\n"));
        env.put("ADMIN_EMAIL", "admin@example.org");
        env.put("ADMIN_PASSWORD_FILE", secret("admin", "first admin pass\n"));
        env.put("SMTP_HOST", "smtp.example.org");
        env.put("SMTP_USERNAME", "mailer");
        env.put("SMTP_PASSWORD_FILE", secret("smtp", "smtp secret\n\n")); // only one line break is the file's end
        env.put("AWS_ACCESS_KEY_ID_FILE", secret("akid", "AKIDEXAMPLE\n"));
        env.put("AWS_SECRET_ACCESS_KEY_FILE", secret("sak", "s3 secret"));
        env.put("ELASTICSEARCH_API_KEY_FILE", secret("es", "es-key\n"));
        env.put("DATABASE_URL_FILE", secret("url", "postgresql://cms@db.internal:5433/site\n"));

        Settings settings = SettingsLoader.load(env);

        assertThat(settings.database().host(), is("db.internal"));
        assertThat(settings.database().password(), is("pg pass word"));
        assertThat(settings.secretKey().orElseThrow(), is("k".repeat(40)));
        assertThat(settings.adminApiToken().orElseThrow(), is("t".repeat(30)));
        assertThat(settings.firstAdmin().orElseThrow().password(), is("first admin pass"));
        assertThat(settings.smtp().password().orElseThrow(), is("smtp secret\n"));
        assertThat(settings.storage().accessKeyId().orElseThrow(), is("AKIDEXAMPLE"));
        assertThat(settings.storage().secretAccessKey().orElseThrow(), is("s3 secret"));
        assertThat(settings.search().apiKey().orElseThrow(), is("es-key"));
        assertThat(settings.toString(), not(containsString("pg pass word")));
    }

    @Test
    void everyProblemIsNamedAtOnceWithoutTheSecret() throws IOException {
        Map<String, String> env = base();
        env.put("SECRET_KEY", "k".repeat(40));
        env.put("SECRET_KEY_FILE", secret("key", "k".repeat(40)));
        env.put("SMTP_PASSWORD_FILE", dir.resolve("missing").toString());
        env.put("DATABASE_PASSWORD_FILE", secret("empty", "\n"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"); // without its secret

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));

        assertThat(e.problems(), hasSize(4));
        assertThat(e.problems(), hasItem("SECRET_KEY and SECRET_KEY_FILE are both set: use one"));
        assertThat(e.getMessage(), containsString("SMTP_PASSWORD_FILE cannot be read: " + dir.resolve("missing")));
        assertThat(e.getMessage(), containsString("DATABASE_PASSWORD_FILE names an empty file"));
        assertThat(e.getMessage(), containsString("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together"));
        assertThat(e.getMessage(), not(containsString("kkkk")));
    }

    @Test
    void listenersTakeTheirOwnHostAndCertificates() throws IOException {
        Map<String, String> env = base();
        env.put("HOST", "10.0.0.5");
        Settings.Transport plain = SettingsLoader.load(env).transport();
        assertThat(plain.adminHost(), is("10.0.0.5")); // HOST for both unless ADMIN_HOST says otherwise
        assertThat(plain.tls().isPresent() || plain.adminTls().isPresent(), is(false));

        env.put("ADMIN_HOST", "127.0.0.1");
        env.put("TLS_CERT_FILE", secret("chain.pem", "-"));
        env.put("TLS_KEY_FILE", secret("key.pem", "-"));
        Settings.Transport pem = SettingsLoader.load(env).transport();
        assertThat(pem.adminHost(), is("127.0.0.1"));
        assertThat(pem.adminTls(), is(pem.tls())); // the admin listener serves the same certificate unless told
        env.put("ADMIN_TLS_KEYSTORE_FILE", secret("admin.p12", "-"));
        env.put("ADMIN_TLS_KEYSTORE_PASSWORD_FILE", secret("p12pass", "changeit\n"));
        Settings.Tls admin = SettingsLoader.load(env).transport().adminTls().orElseThrow();
        assertThat(admin.keystorePassword().orElseThrow(), is("changeit"));
        assertThat(admin.toString(), not(containsString("changeit")));
    }

    @Test
    void incompleteCertificateSettingsAreRefusedTogether() throws IOException {
        Map<String, String> env = base();
        env.put("TLS_CERT_FILE", secret("chain.pem", "-"));
        env.put("TLS_KEYSTORE_FILE", dir.resolve("nowhere.p12").toString());
        env.put("ADMIN_TLS_KEYSTORE_PASSWORD", "changeit");
        env.put("AWS_BUCKET_NAME", "media");

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));

        assertThat(e.problems(), hasItem("TLS_CERT_FILE and TLS_KEY_FILE go together: set both"));
        assertThat(e.problems(), hasItem("set TLS_CERT_FILE/TLS_KEY_FILE or TLS_KEYSTORE_FILE, not both"));
        assertThat(e.problems(), hasItem("TLS_KEYSTORE_FILE is not a readable file: " + dir.resolve("nowhere.p12")));
        assertThat(e.problems(), hasItem("TLS_KEYSTORE_FILE and TLS_KEYSTORE_PASSWORD go together: set both"));
        assertThat(e.problems(), hasItem("ADMIN_TLS_KEYSTORE_FILE and ADMIN_TLS_KEYSTORE_PASSWORD go together: set both"));
        assertThat(e.problems(), hasItem("AWS_REGION is required with AWS_BUCKET_NAME (for example eu-central-1)"));
        assertThat(e.problems(), hasSize(6));
    }

    private String secret(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("PROFILE", "test");
        env.put("CONFIG_DIR", "../config");
        return env;
    }
}
