package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 for tests, on a fixed free port so it can be stopped and started
 * again (outage tests).
 */
final class TestSmtp implements AutoCloseable {
    final int port;
    GreenMail server;

    TestSmtp() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        start();
    }

    void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** @return settings pointing the platform at this server (plain SMTP without credentials: a local relay) */
    Map<String, String> env() {
        return Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(port), "SMTP_SECURITY", "none");
    }

    /**
     * @param message a received message
     * @return its decoded plain-text part (the raw body may be quoted-printable, which splits long links)
     * @throws Exception when the message cannot be read
     */
    static String text(MimeMessage message) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no text part");
    }

    @Override
    public void close() {
        server.stop();
    }
}
