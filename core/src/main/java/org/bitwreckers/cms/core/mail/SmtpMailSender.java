package org.bitwreckers.cms.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.StreamProvider;

import org.bitwreckers.cms.core.jobs.PermanentFailure;
import org.bitwreckers.cms.core.jobs.TransientFailure;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Sends over SMTP with Jakarta Mail: required STARTTLS, implicit TLS or (for a local relay without credentials) plain
 * SMTP; the server's certificate and host name are always verified, against the JDK's authorities or one operator CA.
 * Authentication when a user name is configured, multipart/alternative with a plain-text and an HTML part, and a
 * stable Message-ID.
 */
public final class SmtpMailSender implements MailSender {
    /** How the connection is protected (SMTP_SECURITY). */
    public enum Security {
        /** Plain connection, then STARTTLS; a server that does not offer it gets nothing (not even credentials). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS,
        /** No encryption: only for a local relay, never with credentials. */
        NONE
    }

    private static final String TIMEOUT_MILLIS = "10000";
    /** The system property naming Jakarta Mail's stream provider. */
    static final String STREAM_PROVIDER = StreamProvider.class.getName();

    static {
        // Jakarta Mail 2.1 looks its stream provider up for every body part it makes or writes, with a ServiceLoader
        // scan of the class path's jars unless this property names it (jakartaee/mail-api#699, #861): four tenths of
        // a worker's time in a batch of mail. Named, the lookup loads a class already loaded.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, MailStreamProvider.class.getName());
        }
    }

    private final Session session;
    private final InternetAddress from;

    /**
     * @param host      SMTP_HOST
     * @param port      SMTP_PORT
     * @param security  SMTP_SECURITY
     * @param trustedCa SMTP_CA_FILE: a PEM certificate to trust instead of the JDK's authorities
     * @param username  SMTP_USERNAME, or null
     * @param password  SMTP_PASSWORD, or null
     * @param from      sender address, e.g. {@code Bitwreckers <no-reply@bitwreckers.org>}
     */
    public SmtpMailSender(String host, int port, Security security, Optional<Path> trustedCa, String username,
                          String password, String from) {
        if (security == Security.NONE && username != null) {
            throw new IllegalArgumentException("SMTP credentials are never sent over an unencrypted connection");
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.starttls.enable", Boolean.toString(security == Security.STARTTLS));
        p.put("mail.smtp.starttls.required", Boolean.toString(security == Security.STARTTLS));
        p.put("mail.smtp.ssl.enable", Boolean.toString(security == Security.TLS));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        trustedCa.ifPresent(ca -> p.put("mail.smtp.ssl.socketFactory", trusting(ca)));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        Authenticator auth = null;
        if (username != null) {
            p.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(username, password == null ? "" : password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("MAIL_FROM is not an e-mail address: " + from, e);
        }
    }

    /** TLS that trusts exactly the operator's CA certificate (host names are still checked). */
    private static SSLSocketFactory trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("SMTP_CA_FILE holds no certificate: " + caFile);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("SMTP_CA_FILE cannot be read as a PEM certificate: " + caFile, e);
        }
    }

    /**
     * One connection for all the messages (a newsletter's batch of deliveries would otherwise pay a connection, a TLS
     * handshake and a login each).
     *
     * @throws PermanentFailure when the server refuses a message with a 5xx reply (or an address is malformed)
     * @throws TransientFailure when the server cannot be reached, times out or answers 4xx: the job waits it out
     */
    @Override
    public void sendAll(List<Message> messages, Consumer<Message> delivered) throws PermanentFailure, TransientFailure {
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect();
            for (Message message : messages) {
                MimeMessage mime = mime(message);
                transport.sendMessage(mime, mime.getAllRecipients());
                delivered.accept(message);
            }
        } catch (MessagingException e) {
            if (refusedForGood(e)) {
                throw new PermanentFailure("the SMTP server refused the message: " + e.getMessage(), e);
            }
            throw new TransientFailure("the SMTP server is unavailable: " + e.getMessage(), e);
        } finally {
            quit(transport);
        }
    }

    private static void quit(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // what the server accepted is delivered: a failed goodbye changes nothing
            }
        }
    }

    /**
     * @param e what sending threw
     * @return whether retrying cannot help: a 5xx reply to any command, or a malformed address
     */
    static boolean refusedForGood(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            int reply = x instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : x instanceof SMTPSendFailedException f ? f.getReturnCode()
                    : x instanceof SMTPSenderFailedException s ? s.getReturnCode() : 0;
            if (reply >= 500 && reply < 600 || x instanceof AddressException) {
                return true;
            }
        }
        return false;
    }

    private MimeMessage mime(Message message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", message.messageId());
            }
        };
        mime.setFrom(from);
        mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(message.to(), true));
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        for (var header : message.headers().entrySet()) {
            mime.setHeader(header.getKey(), header.getValue());
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }
}
