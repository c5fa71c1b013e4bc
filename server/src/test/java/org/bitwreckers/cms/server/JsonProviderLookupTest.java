package org.bitwreckers.cms.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

/**
 * No production class calls {@code jakarta.json.Json}: its static factories scan the class path for a provider on
 * every call, which took most of the CPU of a cached read. They go through {@code Jsons}, which holds one provider.
 * Checked in the compiled classes of every module the server runs, by their constant pools.
 */
class JsonProviderLookupTest {
    private static final List<String> MODULES = List.of("core", "http-support", "delivery-api", "admin-api", "server");
    /** The class name as a constant pool entry: its length (17) in two bytes, then the name. */
    private static final byte[] REFERENCE = ("\u0000\u0011jakarta/json/Json").getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void productionCodeHoldsOneJsonProvider() throws IOException {
        List<Path> classes = MODULES.stream().map(m -> Path.of("..", m, "target", "classes")).flatMap(this::classFiles)
                .toList();
        assertThat(classes.size(), greaterThan(100));
        List<String> offenders = classes.stream().filter(this::refersToJson).map(Path::toString).toList();
        assertThat(offenders, empty());
    }

    private Stream<Path> classFiles(Path dir) {
        try {
            return Files.walk(dir).filter(p -> p.toString().endsWith(".class")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean refersToJson(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + REFERENCE.length <= bytes.length; i++) {
                for (int j = 0; j < REFERENCE.length; j++) {
                    if (bytes[i + j] != REFERENCE[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
