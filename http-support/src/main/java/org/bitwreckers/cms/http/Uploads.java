package org.bitwreckers.cms.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;

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
        HttpMediaType type = RequestContentType.of(req).orElse(null);
        if (type == null || !type.test(MediaTypes.MULTIPART_FORM_DATA)) {
            throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the file as multipart/form-data with a part"
                    + " named \"file\"", Map.of());
        }
        Path file = null;
        String filename = "";
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>(); // every bad part is named at once
        try {
            FileItemInputIterator parts = PARSER.getItemIterator(context(req));
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                String name = part.getFieldName() == null ? "" : part.getFieldName();
                if (name.equals("file") && file == null && !part.isFormField()) {
                    filename = part.getName() == null ? "" : part.getName();
                    file = Files.createTempFile("bw-upload", ".part");
                    try (InputStream in = part.getInputStream()) {
                        copyBounded(in, file, maxBytes);
                    }
                } else if (fields.contains(name) && part.isFormField()) {
                    byte[] text;
                    try (InputStream in = part.getInputStream()) {
                        text = in.readNBytes(MAX_FIELD * 4 + 1);
                    }
                    if (text.length > MAX_FIELD * 4) {
                        problems.put(name, "must be at most " + MAX_FIELD + " characters");
                    } else {
                        values.put(name, new String(text, StandardCharsets.UTF_8).strip());
                    }
                } else {
                    problems.put(name.isEmpty() ? "part" : name, "is not accepted here (file, "
                            + String.join(", ", fields.stream().sorted().toList()) + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof CmsException cms) {
                throw cms;
            }
            Logger.getLogger(Uploads.class.getName()).log(Level.FINE,
                                                          "unreadable multipart upload", e);
            throw CmsException.badRequest("The upload could not be read as multipart/form-data");
        }
        if (file == null) {
            problems.putIfAbsent("file", "is required: a part named \"file\" with the bytes");
        }
        if (!problems.isEmpty()) {
            deleteQuietly(file);
            throw CmsException.validation(problems);
        }
        return new Upload(file, filename, values);
    }

    /** The streaming parser; nothing is buffered to disk by it (the file part is copied, bounded, by us). */
    private static final AbstractFileUpload<ServerRequest, DiskFileItem, DiskFileItemFactory> PARSER =
            new AbstractFileUpload<>() {
                @Override
                public FileItemInputIterator getItemIterator(ServerRequest request) {
                    throw new UnsupportedOperationException("use a RequestContext");
                }

                @Override
                public Map<String, List<DiskFileItem>> parseParameterMap(ServerRequest request) {
                    throw new UnsupportedOperationException("streaming only");
                }

                @Override
                public List<DiskFileItem> parseRequest(ServerRequest request) {
                    throw new UnsupportedOperationException("streaming only");
                }
            };

    private static RequestContext context(ServerRequest req) {
        return new RequestContext() {
            @Override
            public String getCharacterEncoding() {
                return StandardCharsets.UTF_8.name();
            }

            @Override
            public long getContentLength() {
                return req.headers().first(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(-1L);
            }

            @Override
            public String getContentType() {
                return req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
            }

            @Override
            public InputStream getInputStream() {
                return req.content().inputStream();
            }

            @Override
            public boolean isMultipartRelated() {
                return false;
            }
        };
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
