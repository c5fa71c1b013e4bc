package org.bitwreckers.cms.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a stream while hashing it: every archive entry's size and SHA-256 in one pass. */
final class Sha256 {
    private Sha256() {
    }

    /** Size and hash of what was copied. */
    record Copied(long bytes, String sha256) {
    }

    static Copied copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            total += n;
        }
        return new Copied(total, HexFormat.of().formatHex(digest.digest()));
    }

    static Copied of(InputStream in) throws IOException {
        return copy(in, OutputStream.nullOutputStream());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
