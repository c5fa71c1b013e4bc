package org.bitwreckers.cms.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * Reads a JSON request body: checks the media type (415), reads at most the limit (413), parses (400 naming the
 * line and column of the mistake).
 */
public final class JsonBody {
    private static final Jsonb JSONB = JsonbBuilder.create();

    private final long maxBytes;

    /**
     * @param maxBytes largest accepted body
     */
    public JsonBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Reads a fixed-shape body into a type with JSON-B (documents, whose shape comes from descriptors, use
     * {@link #read(ServerRequest)} instead).
     *
     * @param req  request
     * @param type record or class the body binds to
     * @param <T>  the type
     * @return the bound body
     * @throws CmsException as {@link #read(ServerRequest)}, or VALIDATION_ERROR when the JSON does not fit the type
     */
    public <T> T read(ServerRequest req, Class<T> type) {
        JsonValue json = read(req);
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CmsException.validation(Map.of("body", "must be a JSON object"));
        }
        try {
            return JSONB.fromJson(json.toString(), type);
        } catch (JsonbException e) {
            throw CmsException.validation(Map.of("body", "does not have the expected fields and types"));
        }
    }

    /**
     * @param req request
     * @return the parsed body
     * @throws CmsException UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE or BAD_REQUEST
     */
    public JsonValue read(ServerRequest req) {
        HttpMediaType type = RequestContentType.of(req).orElse(null);
        if (type == null || !type.test(MediaTypes.APPLICATION_JSON)) {
            throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json", Map.of());
        }
        if (!req.content().hasEntity()) {
            throw CmsException.badRequest("The request needs a JSON body");
        }
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            // a declared length is read as it is; reading up to the limit took and copied a 16 KB buffer for each body
            bytes = in.readNBytes((int) (declared.isPresent() ? declared.getAsLong()
                    : Math.min(Integer.MAX_VALUE - 1, maxBytes + 1)));
            if (bytes.length > maxBytes) {
                throw tooLarge();
            }
        } catch (IOException e) {
            throw CmsException.badRequest("The body could not be read");
        }
        try (JsonReader reader = Jsons.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            var at = e.getLocation();
            throw CmsException.badRequest("Malformed JSON" + (at == null ? "" : " at line " + at.getLineNumber()
                    + ", column " + at.getColumnNumber()));
        } catch (RuntimeException e) {
            throw CmsException.badRequest("Malformed JSON");
        }
    }

    private CmsException tooLarge() {
        return new CmsException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than " + maxBytes + " bytes",
                                Map.of());
    }
}
