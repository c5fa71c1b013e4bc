package org.bitwreckers.cms.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The launcher's choice of its AOT cache: used only while it is newer than every jar on the class path. The JVM
 * refuses a cache made with other jars and would start without one, and without training a new one, for good.
 */
class AotCacheChoiceTest {
    private static final Path JVM_SH = Path.of(System.getProperty("repository"), "distribution", "src", "bin", "jvm.sh");

    @Test
    void aCacheOlderThanAnyJarIsStale(@TempDir Path dir) throws Exception {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path cache = dir.resolve("bitwreckers.aot");
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        touch(libs.resolve("bitwreckers-server.jar"), t);
        touch(libs.resolve("bitwreckers-admin-ui.jar"), t.plusSeconds(10));
        assertThat(current(cache, libs), is(false)); // no cache yet
        touch(cache, t.plusSeconds(20));
        assertThat(current(cache, libs), is(true));
        touch(libs.resolve("bitwreckers-admin-ui.jar"), t.plusSeconds(30)); // rebuilt, the server jar as it was
        assertThat(current(cache, libs), is(false));
    }

    private static void touch(Path file, Instant when) throws Exception {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    private static boolean current(Path cache, Path libs) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". \"$0\" && aot_cache_current \"$1\" \"$2\"", JVM_SH.toString(),
                                       cache.toString(), libs.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS), is(true));
        return p.exitValue() == 0;
    }
}
