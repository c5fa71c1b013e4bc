package org.bitwreckers.cms.core.media;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where media files live: a local folder by default, S3 (or an S3-compatible store) when configured. Keys are
 * content hashes with an extension, never names users chose. Failures to reach the store throw
 * {@link StorageUnavailableException}.
 */
public interface MediaStorage {
    /**
     * Stores a file (replacing nothing: the same key always holds the same bytes).
     *
     * @param key         storage key
     * @param file        the bytes
     * @param contentType MIME type
     */
    void put(String key, Path file, String contentType);

    /**
     * @param key    storage key
     * @param offset first byte
     * @param length bytes to read
     * @return the bytes, or empty when there is no such file
     */
    Optional<InputStream> read(String key, long offset, long length);

    /**
     * @param key storage key
     */
    void delete(String key);

    /**
     * @return whether the store holds any media file (a restore wants an empty store)
     */
    boolean holdsFiles();

    /** @return a short name for logs and health ("local" or "s3") */
    String name();

    /** @return where the files are, for comparing nodes ("local /srv/media", "s3 my-bucket") */
    String location();

    /**
     * Asked by the readiness check: a node that cannot store or serve media should not take traffic.
     *
     * @return why files cannot be stored or read now, or empty when they can
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Thrown when the store cannot be reached or refuses to work. */
    final class StorageUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what failed
         * @param cause   the store's error
         */
        public StorageUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
