package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A platform node in its own JVM, started through {@link Main} as an operator would, so a test can kill it (SIGKILL)
 * or read its exit code. Its output goes to a log file under target/.
 */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final int adminPort;
    final Path log;
    private final Process process;

    private NodeProcess(String name, int port, int adminPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.adminPort = adminPort;
        this.log = log;
        this.process = process;
    }

    /**
     * @param name       for the log file
     * @param env        the node's whole environment (ports included, see {@link #freePort()})
     * @param jvmOptions extra JVM options (system properties)
     * @return the started process (not yet ready)
     */
    static NodeProcess start(String name, Map<String, String> env, List<String> jvmOptions) {
        try {
            Path log = Files.createDirectories(Path.of("target", "nodes")).resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                                                                    .toString(), "-Xmx256m", "-XX:+UseSerialGC",
                                                                    "-XX:TieredStopAtLevel=1")); // quick start-up
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear(); // only what the test says: nothing from the developer's shell
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().putAll(env);
            return new NodeProcess(name, Integer.parseInt(env.getOrDefault("PORT", "0")),
                                   Integer.parseInt(env.getOrDefault("ADMIN_PORT", "0")), log, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node " + name, e);
        }
    }

    /** @return a port free right now on loopback (a child process binds it next, so a clash is unlikely) */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return whether the node reports ready on its admin listener within the limit */
    boolean awaitReady(Duration limit) {
        return Await.until(limit, () -> process.isAlive() && status("http://127.0.0.1:" + adminPort
                                                                            + "/observe/health/ready") == 200);
    }

    /** @return whether the process is still running */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * @param limit longest wait
     * @return the exit code, or -1 if it still runs
     */
    int exitCode(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** @return what the node printed */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends the node at once, as a crash or {@code kill -9} would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    static int status(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                               HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops the node as an operator would (SIGTERM), killing it if it does not finish in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
