package org.bitwreckers.cms.distribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * How the launcher tells a Java's version: from the JDK's {@code release} file when there is one, without starting a
 * JVM (each start of {@code java -version} cost the launcher about 80 ms, several times per start); from the binary
 * otherwise.
 */
class JavaVersionTest {
    private static final Path JVM_SH = Path.of(System.getProperty("repository"), "distribution", "src", "bin", "jvm.sh");

    @Test
    void theReleaseFileAnswersWithoutRunningJava(@TempDir Path home) throws Exception {
        Path java = fakeJava(home, "21");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"25.0.3\"\n");
        assertThat(major(java), is("25"));
        assertThat(Files.exists(home.resolve("ran")), is(false));
    }

    @Test
    void withoutOneTheBinaryIsAsked(@TempDir Path home) throws Exception {
        Path java = fakeJava(home, "21");
        assertThat(major(java), is("21"));
        assertThat(Files.exists(home.resolve("ran")), is(true));
    }

    @Test
    void theFirstNewEnoughJavaIsChosenInOrder(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("jdk-17");
        Path jre = dir.resolve("jre-25");
        Path jdk = dir.resolve("jdk-21");
        fakeJava(old, "17");
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        fakeJava(jre, "25");
        Files.writeString(jre.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        fakeJava(jdk, "21");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"21.0.9\"\n");
        Files.copy(jdk.resolve("bin/java"), jdk.resolve("bin/javac"));
        Files.setPosixFilePermissions(jdk.resolve("bin/javac"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(findJava(jre, old, ""), is(jre.toString())); // JAVA_HOME when new enough
        assertThat(findJava(old, jre, ""), is(jre.toString())); // too old: the java on PATH
        assertThat(findJava(jre, jdk, "jdk"), is(jdk.toString())); // building needs javac
        for (Path home : new Path[] {old, jre, jdk}) {
            assertThat(Files.exists(home.resolve("ran")), is(false)); // no JVM started to learn a version
        }
    }

    /** A {@code bin/java} that reports a version as {@code -XshowSettings} does and leaves a mark that it ran. */
    private static Path fakeJava(Path home, String version) throws Exception {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\ntouch \"$(dirname \"$0\")/../ran\"\n"
                + "echo '    java.specification.version = " + version + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    /** {@code find_java} with JAVA_HOME and a PATH holding only {@code onPath}'s bin (and the shell's tools). */
    private static String findJava(Path javaHome, Path onPath, String need) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". \"$0\" && find_java \"$1\"", JVM_SH.toString(),
                                                    need);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("PATH", onPath.resolve("bin") + ":/usr/bin:/bin");
        Process p = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS), is(true));
        return out;
    }

    private static String major(Path java) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". \"$0\" && java_major \"$1\"", JVM_SH.toString(), java.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS), is(true));
        return out;
    }
}
