package org.bitwreckers.cms.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/bitwreckers} of an unpacked distribution as an operator would: a clean environment (only PATH,
 * JAVA_HOME and the settings given), its own working folder, output read as it comes.
 */
final class Launcher {
    private final Path home;
    private final Path workDir;
    private final Map<String, String> settings;

    /** What a finished command printed (standard output and error together) and its exit code. */
    record Result(int code, String output) {
    }

    Launcher(Path home, Path workDir, Map<String, String> settings) {
        this.home = home;
        this.workDir = workDir;
        this.settings = Map.copyOf(settings);
    }

    /**
     * @param extra more settings for this run
     * @param args  command and options
     * @return the started process (output merged into its input stream)
     */
    Process start(Map<String, String> extra, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/bitwreckers").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home")); // the launcher checks it is 21 or newer
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(extra);
        env.putAll(all);
        return builder.start();
    }

    /**
     * Runs a command to its end.
     *
     * @param limit longest run
     */
    Result run(Duration limit, Map<String, String> extra, String... args) throws IOException, InterruptedException {
        Process process = start(extra, args);
        process.getOutputStream().close(); // no terminal, no input: prompts must not wait
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> drain(process, output));
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in " + limit + ":\n" + output);
        }
        reader.join(limit.toMillis());
        synchronized (output) {
            return new Result(process.exitValue(), output.toString());
        }
    }

    /** Appends everything the process prints to the buffer (synchronised on it), line by line, until it ends. */
    static void drain(Process process, StringBuilder output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                          StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("[output unreadable: ").append(e).append("]\n");
            }
        }
    }
}
