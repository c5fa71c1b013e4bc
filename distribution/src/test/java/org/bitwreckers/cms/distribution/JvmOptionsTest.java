package org.bitwreckers.cms.distribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The launcher's JVM options: the measured memory defaults, the smaller heap without analytics, and JAVA_OPTS after
 * them (so its values win) with a collector named there replacing the serial one.
 */
class JvmOptionsTest {
    private static final Path JVM_SH = Path.of(System.getProperty("repository"), "distribution", "src", "bin", "jvm.sh");

    @Test
    void theDefaultsHoldTheHeapAndJavaOptsComesLast() throws Exception {
        assertThat(options(Map.of()), is(List.of("-XX:+UseSerialGC", "-Xmx320m", "-Xss512k",
                                                 "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=192m",
                                                 "--enable-native-access=ALL-UNNAMED")));
        assertThat(options(Map.of("ANALYTICS_ENABLED", "false")).get(1), is("-Xmx192m"));
        List<String> tuned = options(Map.of("JAVA_OPTS", "-XX:+UseG1GC -Xmx1g -Xmn256m"));
        assertThat(tuned.getFirst(), is("-Xmx320m")); // no serial collector beside G1
        assertThat(tuned.subList(tuned.size() - 3, tuned.size()), is(List.of("-XX:+UseG1GC", "-Xmx1g", "-Xmn256m")));
    }

    private static List<String> options(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". \"$0\" && jvm_options", JVM_SH.toString());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("ANALYTICS_ENABLED");
        builder.environment().putAll(env);
        Process p = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS), is(true));
        return List.of(out.split("\\s+"));
    }
}
