package org.bitwreckers.cms.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * One media suite for every storage: uploads checked by their bytes, metadata stripped, content-addressed dedupe,
 * variants, delivery with ETags, 304 and ranges, the library, and every refusal. Subclasses start the platform on
 * a local folder or on a real S3-compatible server.
 */
abstract class MediaSuite {
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** @return the running platform (MEDIA_MAX_IMAGE_BYTES 300000) */
    abstract TestPlatform cms();

    /** @return the SMTP server the platform sends to (new members confirm their address through it) */
    abstract TestSmtp mail();

    static String upload(TestPlatform cms, String filename, byte[] bytes, String alt) {
        return send(cms, filename, bytes, alt).body();
    }

    static HttpResponse<String> send(TestPlatform cms, String filename, byte[] bytes, String alt) {
        return send("http://127.0.0.1:" + cms.platform.adminPort() + "/admin/v1/media", TestPlatform.ADMIN_TOKEN, filename,
                    bytes, alt);
    }

    static HttpResponse<String> send(String url, String token, String filename, byte[] bytes, String alt) {
        String boundary = "----bw" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (alt != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n" + alt + "\r\n")
                                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                                       .header("Authorization", "Bearer " + token)
                                       .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                       .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                               HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static JsonObject data(String envelope) {
        return Json.createReader(new StringReader(envelope)).readObject().getJsonObject("data");
    }

    HttpResponse<byte[]> file(String key, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cms().platform.port() + "/media/" + key));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(new Random(width * 31L + height).nextInt()));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.drawString("bitwreckers " + width, 10, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** A JPEG with an EXIF segment holding a GPS position, right after the start-of-image marker. */
    static byte[] jpegWithExif() throws IOException {
        byte[] jpeg = image("jpg", 64, 48);
        byte[] exif = "Exif\0\0GPSLatitude=52.5200;GPSLongitude=13.4050".getBytes(StandardCharsets.ISO_8859_1);
        return withApp1(jpeg, exif);
    }

    /** The JPEG with an APP1 segment (EXIF) of the given content right after its start-of-image marker. */
    static byte[] withApp1(byte[] jpeg, byte[] segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((segment.length + 2) >> 8);
        out.write((segment.length + 2) & 0xFF);
        out.write(segment, 0, segment.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A tiny PNG whose header claims 100000 x 100000 pixels: a decompression bomb in waiting. */
    static byte[] pixelBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.ISO_8859_1)).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.writeBytes(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
        return out.toByteArray();
    }

    /** An MP4 file's opening boxes (ftyp isom), padded: enough to be recognised and served in ranges. */
    static byte[] mp4(long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0x18});
        out.writeBytes("ftypisom".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0, 0, 2, 0});
        out.writeBytes("isomiso2".getBytes(StandardCharsets.ISO_8859_1));
        byte[] rest = new byte[4000];
        new Random(seed).nextBytes(rest);
        out.writeBytes(new byte[] {0, 0, 0x0F, (byte) 0xA8});
        out.writeBytes("mdat".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(rest);
        return out.toByteArray();
    }

    @Test
    void imagesAreStrippedStoredOnceAndServedImmutable() throws Exception {
        byte[] jpeg = jpegWithExif();
        HttpResponse<String> first = send(cms(), "../../etc/holiday.jpg", jpeg, "Beach at noon");
        assertThat(first.body(), first.statusCode(), is(201));
        JsonObject asset = data(first.body());
        assertThat(asset.getString("content_type"), is("image/jpeg"));
        assertThat(asset.getString("filename"), is("holiday.jpg"));
        assertThat(asset.getInt("width"), is(64));
        assertThat(asset.getString("alt"), is("Beach at noon"));
        String key = asset.getString("key");

        HttpResponse<String> again = send(cms(), "copy.jpg", jpeg, "");
        assertThat(again.statusCode(), is(200));
        assertThat(data(again.body()).getInt("id"), is(asset.getInt("id")));

        HttpResponse<byte[]> served = file(key);
        assertThat(served.statusCode(), is(200));
        assertThat(served.headers().firstValue("Cache-Control").orElse(""), is("public, max-age=31536000, immutable"));
        assertThat(served.headers().firstValue("Content-Type").orElse(""), is("image/jpeg"));
        String body = new String(served.body(), StandardCharsets.ISO_8859_1);
        assertThat(body, not(containsString("GPSLatitude")));
        assertThat(body, not(containsString("Exif")));
        assertThat(ImageIO.read(new ByteArrayInputStream(served.body())).getWidth(), is(64));
        String etag = served.headers().firstValue("ETag").orElseThrow();
        assertThat(file(key, "If-None-Match", etag).statusCode(), is(304));
        assertThat(file("0".repeat(64) + ".jpg").statusCode(), is(404));

        // whatever hides after the end-of-image marker (a second picture with its own EXIF, a payload) is not kept
        byte[] plain = image("jpg", 66, 48);
        byte[] trailed = Arrays.copyOf(plain, plain.length + 20);
        System.arraycopy("TRAILING-GPS-SECRET!".getBytes(StandardCharsets.ISO_8859_1), 0, trailed, plain.length, 20);
        String trailedKey = data(upload(cms(), "trailed.jpg", trailed, "")).getString("key");
        byte[] kept = file(trailedKey).body();
        assertThat(new String(kept, StandardCharsets.ISO_8859_1), not(containsString("SECRET")));
        assertThat(kept.length, is(plain.length));
        assertThat(file("..%2F..%2Fetc%2Fpasswd").statusCode(), is(404));
    }

    /** A WebP container (VP8X canvas 120 x 80) with an EXIF chunk holding a GPS position. */
    static byte[] webpWithExif() {
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(StandardCharsets.ISO_8859_1)).putInt(10).put((byte) 0x08).put(new byte[3]);
        vp8x.put((byte) 119).put((byte) 0).put((byte) 0).put((byte) 79).put((byte) 0).put((byte) 0);
        byte[] exif = "GPSLatitude=52.52".getBytes(StandardCharsets.ISO_8859_1); // 17 bytes: padded to 18
        ByteBuffer exifChunk = ByteBuffer.allocate(8 + 18).order(ByteOrder.LITTLE_ENDIAN);
        exifChunk.put("EXIF".getBytes(StandardCharsets.ISO_8859_1)).putInt(exif.length).put(exif);
        ByteBuffer image = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN);
        image.put("VP8L".getBytes(StandardCharsets.ISO_8859_1)).putInt(10).put(new byte[10]);
        int size = 4 + vp8x.capacity() + exifChunk.capacity() + image.capacity();
        ByteBuffer riff = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(size).put("WEBP".getBytes(StandardCharsets.ISO_8859_1))
                .put(vp8x.array()).put(exifChunk.array()).put(image.array());
        return riff.array();
    }

    @Test
    void webpMetadataIsDroppedToo() {
        HttpResponse<String> up = send(cms(), "photo.webp", webpWithExif(), "");
        assertThat(up.body(), up.statusCode(), is(201));
        JsonObject asset = data(up.body());
        assertThat(asset.getString("content_type"), is("image/webp"));
        assertThat(asset.getInt("width"), is(120));
        byte[] stored = file(asset.getString("key")).body();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1), not(containsString("GPSLatitude")));
        assertThat(stored[20] & 0x08, is(0)); // the VP8X flag no longer announces EXIF
        ByteBuffer b = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4), is(stored.length - 8)); // the RIFF size matches what is left
    }

    @Test
    void videosServeByteRanges() {
        byte[] video = mp4(7);
        HttpResponse<String> up = send(cms(), "demo.mp4", video, "Demo");
        assertThat(up.body(), up.statusCode(), is(201));
        String key = data(up.body()).getString("key");
        assertThat(data(up.body()).getString("kind"), is("video"));
        HttpResponse<byte[]> part = file(key, "Range", "bytes=4-11");
        assertThat(part.statusCode(), is(206));
        assertThat(part.headers().firstValue("Content-Range").orElse(""), is("bytes 4-11/" + video.length));
        assertThat(new String(part.body(), StandardCharsets.ISO_8859_1), is("ftypisom"));
        HttpResponse<byte[]> tail = file(key, "Range", "bytes=-10");
        assertThat(tail.statusCode(), is(206));
        assertThat(tail.body().length, is(10));
        assertThat(file(key, "Range", "bytes=" + video.length + "-").statusCode(), is(416));
        assertThat(file(key, "Range", "bytes=99999999999999999999-").statusCode(), is(416));
        assertThat(file(key).body().length, is(video.length));
    }

    @Test
    void variantsAreRenderedInTheBackground() throws Exception {
        HttpResponse<String> up = send(cms(), "wide.png", image("png", 1400, 700), "Wide");
        assertThat(up.body(), up.statusCode(), is(201));
        int id = data(up.body()).getInt("id");
        assertThat(Await.until(Duration.ofSeconds(30), () -> cms().admin.get("/admin/v1/media/" + id).data().asJsonObject()
                .getJsonArray("variants").size() == 3), is(true));
        JsonObject variant = cms().admin.get("/admin/v1/media/" + id).data().asJsonObject().getJsonArray("variants")
                .getJsonObject(1);
        assertThat(variant.getInt("width"), is(640));
        HttpResponse<byte[]> served = file(variant.getString("key"));
        assertThat(served.statusCode(), is(200));
        assertThat(ImageIO.read(new ByteArrayInputStream(served.body())).getWidth(), is(640));
    }

    @Test
    void everyBadUploadIsRefusedAndNothingIsKept() throws Exception {
        long before = cms().database.number("SELECT count(*) FROM media_assets");
        byte[] elf = new byte[2048];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        HttpResponse<String> exe = send(cms(), "photo.jpg", elf, "");
        assertThat(exe.body(), exe.statusCode(), is(415));
        HttpResponse<String> svg = send(cms(), "logo.svg", ("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)"
                + "</script></svg>").getBytes(StandardCharsets.UTF_8), "");
        assertThat(svg.statusCode(), is(415));
        assertThat(svg.body(), containsString("SVG"));
        HttpResponse<String> bomb = send(cms(), "bomb.png", pixelBomb(), "");
        assertThat(bomb.body(), bomb.statusCode(), is(422));
        assertThat(bomb.body(), containsString("pixels"));
        byte[] big = image("png", 1200, 1200);
        byte[] huge = Arrays.copyOf(big, 400_000); // a PNG header, then more bytes than images may have
        HttpResponse<String> oversize = send(cms(), "big.png", huge, "");
        assertThat(oversize.body(), oversize.statusCode(), is(413));
        assertThat(send(cms(), "empty.jpg", new byte[0], "").statusCode(), is(422));
        assertThat(cms().database.number("SELECT count(*) FROM media_assets"), is(before));
    }

    @Test
    void signedInUsersUploadTheirOwnAvatarImagesOnly() throws Exception {
        String token = SignUp.member(cms().delivery, mail(), "avatar" + System.nanoTime() + "@example.org",
                                     "correct horse battery", "Ava Tar").getString("access_token");
        String url = "http://127.0.0.1:" + cms().platform.port() + "/api/v1/auth/avatar";
        HttpResponse<String> saved = send(url, token, "me.png", image("png", 96, 96), null);
        assertThat(saved.body(), saved.statusCode(), is(200));
        String avatar = data(saved.body()).getString("avatar_url");
        assertThat(avatar.matches("https?://.*/[a-f0-9]{64}\\.png"), is(true)); // the asset's URL (through the CDN when set)
        String key = avatar.substring(avatar.lastIndexOf('/') + 1);
        // stored without the base, which each answer puts in front: a move to a CDN or another host rewrites nothing
        assertThat(cms().database.text("SELECT avatar_url FROM users WHERE avatar_url LIKE '%" + key + "'"),
                   is("/media/" + key));
        assertThat(new Http("http://127.0.0.1:" + cms().platform.port(), token).get("/api/v1/auth/me").data()
                           .asJsonObject().getString("avatar_url"), is(avatar));
        assertThat(file(avatar.substring(avatar.lastIndexOf('/') + 1)).statusCode(), is(200));
        assertThat(send(url, token, "me.mp4", mp4(9), null).statusCode(), is(415));
        long avatarAsset = cms().database.number("SELECT id FROM media_assets WHERE storage_key = '"
                                                         + avatar.substring(avatar.lastIndexOf('/') + 1) + "'");
        assertThat(cms().admin.delete("/admin/v1/media/" + avatarAsset).status(), is(409)); // a user's avatar uses it
        assertThat(send(url, "not-a-token", "me.png", image("png", 97, 97), null).statusCode(), is(401));
        assertThat(send(url, token, "me.png", image("png", 98, 98), "extra field").statusCode(), is(422));
    }

    @Test
    void theLibraryListsSearchesAndProtectsAssetsInUse() throws Exception {
        String key = data(upload(cms(), "team.jpg", image("jpg", 80, 80), "Our team photo")).getString("key");
        int id = data(upload(cms(), "team.jpg", image("jpg", 80, 80), "")).getInt("id");
        upload(cms(), "clip.mp4", mp4(8), "clip");
        assertThat(cms().admin.get("/admin/v1/media?q=team+photo").json().getJsonArray("data").size(), is(1));
        assertThat(cms().admin.get("/admin/v1/media?kind=video").json().getJsonArray("data").isEmpty(), is(false));
        assertThat(cms().admin.get("/admin/v1/media?kind=audio").status(), is(400));
        assertThat(cms().admin.patch("/admin/v1/media/" + id, "{\"caption\":\"2026\"}").status(), is(200));

        Http.Response doc = cms().admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Pic\","
                + "\"category\":\"news\",\"cover\":\"/media/" + key + "\"}}");
        assertThat(doc.json().toString(), doc.status(), is(201));
        String url = cms().admin.get("/admin/v1/media/" + id).data().asJsonObject().getString("url");
        assertThat(cms().admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"By URL\",\"category\":\"news\","
                + "\"cover\":\"" + url + "\"}}").status(), is(201)); // the library's own URL is accepted as well
        for (String bad : new String[] {"https://elsewhere.example/cat.jpg", "/media/" + "0".repeat(64) + ".jpg",
                "/media/../../etc/passwd", "https://elsewhere.example/" + key, "javascript:alert(1)//x/" + key}) {
            Http.Response refused = cms().admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Bad\","
                    + "\"category\":\"news\",\"cover\":\"" + bad + "\"}}");
            assertThat(bad, refused.status(), is(422));
            assertThat(refused.error().getJsonObject("details").getString("cover"), containsString("media library"));
        }
        Http.Response inUse = cms().admin.delete("/admin/v1/media/" + id);
        assertThat(inUse.status(), is(409));
        assertThat(cms().admin.get("/admin/v1/media/" + id).data().asJsonObject().getJsonArray("used_by").size(), is(2));
        cms().admin.delete("/admin/v1/content/article/" + doc.data().asJsonObject().getInt("id"));
        for (var article : cms().admin.get("/admin/v1/content/article?filter[title]=By URL".replace(" ", "%20")).json()
                .getJsonArray("data")) {
            cms().admin.delete("/admin/v1/content/article/" + article.asJsonObject().getInt("id"));
        }
        assertThat(cms().admin.delete("/admin/v1/media/" + id).status(), is(204));
        assertThat(file(key).statusCode(), is(404));
    }
}
