package org.bitwreckers.cms.core.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The delivery client against real local servers: it connects to the address it was given while naming the URL's
 * host, and a receiver that trickles its answer is cut off at the deadline.
 */
class WebhookPostTest {
    @Test
    void connectsToTheCheckedAddressAndSendsTheUrlsHost() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> seen = new AtomicReference<>();
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                seen.set(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI() + " "
                                 + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(202, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        try {
            int port = receiver.getAddress().getPort();
            // the name does not resolve at all: only the given address can have been used
            URI url = URI.create("http://hooks.example.invalid:" + port + "/hook?site=1");
            int status = WebhookPost.send(url, InetAddress.getByName("127.0.0.1"), Map.of("X-Test", "yes"), "{\"a\":1}",
                                          Duration.ofSeconds(5));
            assertThat(status, is(202));
            assertThat(seen.get(), is("hooks.example.invalid:" + port + " /hook?site=1 {\"a\":1}"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aReceiverTricklingItsAnswerIsCutOffAtTheDeadline() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> trickle(trickler));
            long began = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> WebhookPost.send(
                    URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/"), InetAddress.getByName("127.0.0.1"),
                    Map.of(), "{}", Duration.ofSeconds(1)));
            assertThat(e instanceof SocketTimeoutException, is(true));
            assertThat(e.getMessage(), containsString("within 1 s"));
            assertThat(Duration.ofNanos(System.nanoTime() - began), lessThan(Duration.ofSeconds(4)));
        }
    }

    /** Answers one byte of the status line every 100 ms, forever. */
    private static void trickle(ServerSocket server) {
        try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
            byte[] line = "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; ; i = (i + 1) % line.length) {
                out.write(line[i]);
                out.flush();
                Thread.sleep(100); // the receiver's pace, not synchronisation
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up, as it should
        }
    }
}
