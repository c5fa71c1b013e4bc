package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile webhook receiver on 127.0.0.1: it accepts connections and either never answers or trickles its status
 * line a byte at a time, and records how long each caller stayed.
 */
final class SlowReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final boolean trickle;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Duration> stays = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    /**
     * @param trickle whether to trickle bytes (otherwise it stays silent)
     * @throws IOException when no port is free
     */
    SlowReceiver(boolean trickle) throws IOException {
        this.trickle = trickle;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().name("slow-receiver").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return connections open right now */
    int open() {
        return open.get();
    }

    /** @return connections accepted so far */
    int accepted() {
        return accepted.get();
    }

    /** @return how long each finished caller stayed connected */
    List<Duration> stays() {
        return stays;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread.ofVirtual().start(() -> hold(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void hold(Socket client) {
        long began = System.nanoTime();
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            if (trickle) {
                byte[] line = "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; !server.isClosed(); i = (i + 1) % line.length) {
                    out.write(line[i]);
                    out.flush();
                    Thread.sleep(100); // the receiver's pace, not synchronisation
                }
            } else {
                while (in.read() >= 0 && !server.isClosed()) {
                    // read the request, never answer; -1 means the caller hung up
                }
            }
        } catch (IOException | InterruptedException e) {
            // the caller hung up
        } finally {
            stays.add(Duration.ofNanos(System.nanoTime() - began));
            open.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
