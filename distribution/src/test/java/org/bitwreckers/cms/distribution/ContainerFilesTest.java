package org.bitwreckers.cms.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The Dockerfile and docker-compose.yml, checked without a Docker engine: Compose's own client validates and resolves
 * the compose file, and every setting it gives the platform is one the platform documents.
 */
class ContainerFilesTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("repository"));
    private static final Path COMPOSE_FILE = REPOSITORY.resolve("docker-compose.yml");
    /** The Compose client found, once: asking costs a process start. */
    private static List<String> client;

    /** Compose's output and exit code. */
    private record Compose(int code, String output) {
    }

    @Test
    void composeFileIsValidWithTheExpectedServicesAndOptionalSearch(@TempDir Path dir) throws Exception {
        Path noEnvFile = Files.createFile(dir.resolve("empty.env")); // a developer's .env must not change the answer
        Compose plain = compose(noEnvFile, Map.of("SECRET_KEY", "compose-test-key-0123456789abcdefghij"), "config");
        assertThat(plain.output(), plain.code(), is(0));
        Map<String, Object> services = services(plain.output());
        assertThat(services.keySet(), hasItems("bitwreckers", "postgres", "minio", "bucket", "mailpit"));
        // Compose 2 leaves services of inactive profiles out of `config`; Debian's Compose 1 lists them with it
        if (services.containsKey("elasticsearch")) {
            assertThat(profiles(services, "elasticsearch"), contains("search"));
        }

        Compose search = compose(noEnvFile, Map.of("SECRET_KEY", "compose-test-key-0123456789abcdefghij"), "--profile",
                                 "search", "config");
        assertThat(search.output(), search.code(), is(0));
        Map<String, Object> withSearch = services(search.output());
        assertThat(withSearch.keySet(), hasItem("elasticsearch"));
        assertThat(profiles(withSearch, "elasticsearch"), contains("search")); // only with --profile search
        for (String always : List.of("bitwreckers", "postgres", "minio", "bucket", "mailpit")) {
            assertThat(always + " runs without a profile", profiles(withSearch, always), is(empty()));
        }

        Compose noSecret = compose(noEnvFile, Map.of(), "config");
        assertThat(noSecret.code(), not(is(0))); // production needs its own signing key: no default in the file
        assertThat(noSecret.output(), containsString("SECRET_KEY"));
    }

    @Test
    void everySettingTheComposeFileGivesThePlatformIsADocumentedOne(@TempDir Path dir) throws Exception {
        Path noEnvFile = Files.createFile(dir.resolve("empty.env"));
        Compose resolved = compose(noEnvFile, Map.of("SECRET_KEY", "compose-test-key-0123456789abcdefghij"), "config");
        assertThat(resolved.output(), resolved.code(), is(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> platform = (Map<String, Object>) services(resolved.output()).get("bitwreckers");
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) platform.get("environment");
        String documented = Files.readString(REPOSITORY.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (String name : environment.keySet()) {
            assertThat(name + " is a documented setting", documented, containsString("`" + name + "`"));
        }
        assertThat(environment.get("DATABASE_URL").toString(), containsString("@postgres:5432/"));
        assertThat(environment.get("AWS_ENDPOINT_URL").toString(), is("http://minio:9000"));
        assertThat(environment.get("SMTP_HOST").toString(), is("mailpit"));
    }

    @Test
    void imageRunsTheTarballsLauncherAsANonRootUserWithAReadinessCheck() throws IOException {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("Dockerfile"), StandardCharsets.UTF_8);
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(stages.size(), is(2)); // build, then runtime
        assertThat(stages.get(1), containsString("-jre"));
        String runtime = String.join("\n", lines.subList(lines.indexOf(stages.get(1)), lines.size()));
        assertThat(runtime, containsString("USER bitwreckers"));
        assertThat(runtime, containsString("/observe/health/ready"));
        assertThat(runtime, containsString("ENTRYPOINT [\"/opt/bitwreckers/bin/bitwreckers\"]"));
        assertThat(String.join("\n", lines), containsString("distribution/target/bitwreckers-*.tar.gz"));
        String ignored = Files.readString(REPOSITORY.resolve(".dockerignore"), StandardCharsets.UTF_8);
        assertThat(ignored, containsString("**/target"));
        assertThat(ignored, containsString("**/node_modules"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> profiles(Map<String, Object> services, String service) {
        return ((List<Object>) ((Map<String, Object>) services.get(service)).getOrDefault("profiles", List.of())).stream()
                .map(Object::toString).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services(String yaml) {
        return (Map<String, Object>) new Yaml().<Map<String, Object>>load(yaml).get("services");
    }

    /** Runs Compose's client: the docker CLI plugin when installed, else the standalone docker-compose. */
    private static Compose compose(Path envFile, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(client());
        command.addAll(List.of("-f", COMPOSE_FILE.toString(), "--env-file", envFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SECRET_KEY");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output, process.waitFor(60, TimeUnit.SECONDS), is(true));
        return new Compose(process.exitValue(), output);
    }

    private static synchronized List<String> client() throws Exception {
        if (client == null) {
            client = findClient();
        }
        return client;
    }

    private static List<String> findClient() throws Exception {
        if (succeeds("docker", "compose", "version")) {
            return List.of("docker", "compose");
        }
        if (succeeds("docker-compose", "version")) {
            return List.of("docker-compose");
        }
        throw new AssertionError("No Compose client: install Debian's docker-compose (apt-get install docker-compose)"
                                         + " or Docker's compose plugin");
    }

    private static boolean succeeds(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // not installed
        }
    }
}
