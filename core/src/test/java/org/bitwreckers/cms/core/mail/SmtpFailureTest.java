package org.bitwreckers.cms.core.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Which SMTP failures end a message for good (5xx replies, malformed addresses) and which an outage explains.
 */
class SmtpFailureTest {
    @Test
    void fiveHundredRepliesAndBadAddressesArePermanent() throws Exception {
        InternetAddress to = new InternetAddress("nobody@example.org");
        SendFailedException refusedRecipient = new SendFailedException("Invalid Addresses");
        refusedRecipient.setNextException(new SMTPAddressFailedException(to, "RCPT TO", 550, "550 no such user"));
        assertThat(SmtpMailSender.refusedForGood(refusedRecipient), is(true));
        assertThat(SmtpMailSender.refusedForGood(new SMTPSendFailedException("DATA", 554, "554 rejected as spam", null,
                                                                              null, null, null)), is(true));
        assertThat(SmtpMailSender.refusedForGood(new AddressException("Missing final '@domain'")), is(true));
    }

    @Test
    void unreachableServersTimeoutsAndFourHundredRepliesAreTransient() throws Exception {
        InternetAddress to = new InternetAddress("somebody@example.org");
        SendFailedException greylisted = new SendFailedException("Valid Unsent Addresses");
        greylisted.setNextException(new SMTPAddressFailedException(to, "RCPT TO", 451, "451 try again later"));
        assertThat(SmtpMailSender.refusedForGood(greylisted), is(false));
        assertThat(SmtpMailSender.refusedForGood(new SMTPSendFailedException("DATA", 421, "421 closing", null, null, null,
                                                                              null)), is(false));
        assertThat(SmtpMailSender.refusedForGood(new MailConnectException(new SocketConnectException(
                "Couldn't connect", new ConnectException("Connection refused"), "127.0.0.1", 25, 1000))), is(false));
        assertThat(SmtpMailSender.refusedForGood(new MessagingException("Read timed out",
                                                                        new SocketTimeoutException())), is(false));
    }
}
