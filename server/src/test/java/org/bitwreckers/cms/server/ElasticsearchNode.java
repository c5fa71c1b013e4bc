package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Elasticsearch on 127.0.0.1, started and stopped through the project's own
 * {@code search/elasticsearch.sh} (Elastic's server archive from Maven Central), exactly as operators run it.
 */
final class ElasticsearchNode implements AutoCloseable {
    private static final Path HOME = Path.of("target/elasticsearch").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final int port;

    private ElasticsearchNode(int port) {
        this.port = port;
    }

    /** Starts a node on a free port and waits until its cluster is healthy. */
    static ElasticsearchNode start() {
        ElasticsearchNode node = new ElasticsearchNode(freePort());
        node.run("start");
        return node;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the node and waits until its process has exited. */
    void stop() {
        run("stop");
    }

    /** Starts the stopped node again, on the same port and data. */
    void startAgain() {
        run("start");
    }

    /** @return the status and body of a GET against the node's REST API */
    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    /** @return the status and body of a request with an optional JSON body against the node's REST API */
    HttpResponse<String> send(String method, String path, String json) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                                     .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                                             : HttpRequest.BodyPublishers.ofString(json)).build(),
                             HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void run(String command) {
        try {
            Files.createDirectories(HOME);
            Path log = HOME.resolve("script-" + command + ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", Path.of("../search/elasticsearch.sh").toString(), command)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("ES_PORT", Integer.toString(port));
            pb.environment().put("ES_HOME", HOME.toString());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("elasticsearch.sh " + command + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
