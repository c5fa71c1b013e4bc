package org.bitwreckers.cms.core.mail;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Jakarta Mail 2.1 looks up its stream provider for every body part; once a sender exists, that lookup names the
 * provider instead of scanning the class path for service files (counted by the class loader it would scan).
 */
class StreamProviderLookupTest {
    /** Counts the service-file lookups made through it. */
    private static final class CountingLoader extends ClassLoader {
        final AtomicInteger serviceLookups = new AtomicInteger();

        CountingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/jakarta.mail")) {
                serviceLookups.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    @Test
    void bodyPartsDoNotScanTheClassPathForAStreamProvider() throws Exception {
        new SmtpMailSender("127.0.0.1", 25, SmtpMailSender.Security.NONE, Optional.empty(), null, null,
                           "no-reply@example.org");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        CountingLoader counting = new CountingLoader(before);
        thread.setContextClassLoader(counting);
        try {
            MimeMultipart alternative = new MimeMultipart("alternative");
            for (int i = 0; i < 10; i++) {
                MimeBodyPart part = new MimeBodyPart();
                part.setText("part " + i, "UTF-8", "plain");
                alternative.addBodyPart(part);
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(counting.serviceLookups.get(), is(0));
    }
}
