package org.bitwreckers.cms.core.mail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the deliverable copy of a message that carries a secret (AES-256-GCM, the key derived from SECRET_KEY, the
 * Message-ID bound in as associated data), so the database holds it unreadable until the message is delivered.
 */
final class MailSeal {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param secretKey SECRET_KEY
     */
    MailSeal(String secretKey) {
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256")
                    .digest(("bitwreckers mail seal:" + secretKey).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * @param text      what to seal
     * @param messageId the message it belongs to
     * @return IV followed by ciphertext and tag
     */
    byte[] seal(String text, String messageId) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, messageId);
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
    }

    /**
     * @param sealed    what {@link #seal} returned
     * @param messageId the message it belongs to
     * @return the text
     * @throws GeneralSecurityException when it was sealed with another SECRET_KEY or for another message
     */
    String open(byte[] sealed, String messageId) throws GeneralSecurityException {
        byte[] iv = Arrays.copyOf(sealed, IV_BYTES);
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, iv, messageId);
        return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] iv, String messageId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(messageId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
