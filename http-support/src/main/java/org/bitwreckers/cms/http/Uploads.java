package org.bitwreckers.cms.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.http.media.multipart.MultiPart;
import io.helidon.http.media.multipart.ReadablePart;
import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * Reads a {@code multipart/form-data} upload: the {@code file} part goes to a temporary file, never past the size
 * limit (the rest of an oversized upload is not kept), and a few short text fields are read alongside.
 */
public final class Uploads {
    private static final int MAX_FIELD = 1000;

    private Uploads() {
    }

    /**
     * An upload read from a request; close it to delete the temporary file.
     *
     * @param file     the uploaded bytes
     * @param filename the name the client gave
     * @param fields   the text fields
     */
    public record Upload(Path file, String filename, Map<String, String> fields) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is cleaned by the OS
            }
        }
    }

    /**
     * @param req      the request
     * @param maxBytes largest file accepted
     * @param fields   text fields accepted besides {@code file}
     * @return the upload
     */
    public static Upload read(ServerRequest req, long maxBytes, Set<String> fields) {
        HttpMediaType type = req.headers().contentType().orElse(null);
        if (type == null || !type.test(MediaTypes.MULTIPART_FORM_DATA)) {
            throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the file as multipart/form-data with a part"
                    + " named \"file\"", Map.of());
        }
        Path file = null;
        String filename = "";
        Map<String, String> values = new LinkedHashMap<>();
        try {
            MultiPart parts = req.content().as(MultiPart.class);
            while (parts.hasNext()) {
                ReadablePart part = parts.next();
                if (part.name().equals("file") && file == null) {
                    filename = part.fileName().orElse("");
                    file = Files.createTempFile("bw-upload", ".part");
                    copyBounded(part.inputStream(), file, maxBytes);
                } else if (fields.contains(part.name())) {
                    byte[] text = part.inputStream().readNBytes(MAX_FIELD * 4 + 1);
                    if (text.length > MAX_FIELD * 4) {
                        throw CmsException.validation(Map.of(part.name(), "must be at most " + MAX_FIELD + " characters"));
                    }
                    values.put(part.name(), new String(text, StandardCharsets.UTF_8).strip());
                } else {
                    part.inputStream().transferTo(OutputStream.nullOutputStream());
                    throw CmsException.validation(Map.of(part.name(), "is not accepted here (file, "
                            + String.join(", ", fields.stream().sorted().toList()) + ")"));
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof CmsException cms) {
                throw cms;
            }
            throw CmsException.badRequest("The upload could not be read as multipart/form-data");
        }
        if (file == null) {
            throw CmsException.validation(Map.of("file", "is required: a part named \"file\" with the bytes"));
        }
        return new Upload(file, filename, values);
    }

    private static void copyBounded(InputStream in, Path file, long maxBytes) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new CmsException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than " + maxBytes + " bytes",
                                           Map.of("file", "at most " + maxBytes + " bytes"));
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // nothing to add
            }
        }
    }
}
