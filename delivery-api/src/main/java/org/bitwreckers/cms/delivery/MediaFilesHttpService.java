package org.bitwreckers.cms.delivery;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.core.value.MediaKeys;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.HeadRequests;
import org.bitwreckers.cms.http.Responses;

/**
 * Serves media files under {@code /media/{key}}. Keys are content hashes, so a file never changes: it is cached for
 * a year as immutable, its ETag is its key, and byte ranges are served (video seeking) with 206.
 */
final class MediaFilesHttpService {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    /** A media answer's writes: what a file read gives at once, so a local file's pieces go out as they are. */
    private static final int MEDIA_WRITE_BYTES = 16 * 1024;

    private final MediaService media;

    MediaFilesHttpService(MediaService media) {
        this.media = media;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/media/{key}", this::serve).tag("media").doc("getMediaFile", "A media file or one of its variants")
                .raw("application/octet-stream", Jsons.createObjectBuilder().add("type", "string").add("format", "binary")
                        .build()).errors(304);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        MediaService.Served file = (MediaKeys.valid(key) ? media.find(key) : Optional.<MediaService.Served>empty())
                .orElseThrow(() -> CmsException.notFound("No media file " + key));
        String etag = "\"" + file.key() + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        res.header(HeaderNames.CONTENT_TYPE, file.contentType());
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(v -> v.contains(etag) || v.strip().equals("*"))
                .orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        long start = 0;
        long end = file.size() - 1;
        Optional<String> range = req.headers().first(HeaderNames.RANGE)
                .filter(r -> req.headers().first(HeaderNames.IF_RANGE).map(etag::equals).orElse(true));
        if (range.isPresent()) {
            Matcher m = RANGE.matcher(range.get().strip());
            boolean valid = m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty());
            if (valid && m.group(1).isEmpty()) { // the last n bytes
                start = Math.max(0, file.size() - Long.parseLong(m.group(2)));
            } else if (valid) {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? end : Math.min(end, Long.parseLong(m.group(2)));
            }
            if (!valid || start > end || start >= file.size()) {
                res.header(HeaderNames.CONTENT_RANGE, "bytes */" + file.size());
                res.header(HeaderNames.CACHE_CONTROL, "no-store");
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                Responses.json(res, Status.REQUESTED_RANGE_NOT_SATISFIABLE_416, Envelope.error(
                        ErrorCode.BAD_REQUEST, "The range " + range.get() + " is not satisfiable for a file of "
                                + file.size() + " bytes", Map.of("Range", range.get())));
                return;
            }
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + file.size());
        }
        long length = end - start + 1;
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        if (HeadRequests.active()) {
            res.send();
            return;
        }
        // buffered here: the listener's output stream is not (Platform), and a stream from S3 reads in small pieces
        try (InputStream in = media.open(file.key(), start, length);
             OutputStream out = new BufferedOutputStream(res.outputStream(), MEDIA_WRITE_BYTES)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
