package org.bitwreckers.cms.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The media suite on the embedded default: a local folder. */
class LocalMediaTest extends MediaSuite {
    private static TestSmtp mail;
    private static TestPlatform cms;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("bw-media");
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("MEDIA_DIR", dir.toString(), "MEDIA_MAX_IMAGE_BYTES", "300000"));
        cms = TestPlatform.start(env);
    }

    @AfterAll
    static void stop() throws Exception {
        cms.close();
        mail.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    TestPlatform cms() {
        return cms;
    }

    @Override
    TestSmtp mail() {
        return mail;
    }
}
