package org.bitwreckers.cms.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The media details users hit: WebM uploads, animated GIF pixel bombs, phone photos taken sideways, variants in the
 * delivery API, and URLs that follow PUBLIC_URL or the CDN instead of being stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaDetailsTest {
    private static final String OLD_BASE = "http://old-host.example";
    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of("PUBLIC_URL", OLD_BASE));
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    @Test
    void aVp9WebmIsAcceptedAsWebm() {
        HttpResponse<String> up = MediaSuite.send(cms, "clip.webm", webm(), "A clip");
        assertThat(up.body(), up.statusCode(), is(201));
        assertThat(MediaSuite.data(up.body()).getString("content_type"), is("video/webm"));
        assertThat(MediaSuite.data(up.body()).getString("key").endsWith(".webm"), is(true));
        // a Matroska file that is not WebM stays Matroska, which is not accepted by default
        HttpResponse<String> mkv = MediaSuite.send(cms, "film.mkv", ebml("matroska", "V_MPEG4/ISO/AVC"), "");
        assertThat(mkv.body(), mkv.statusCode(), is(415));
        assertThat(mkv.body(), containsString("matroska"));
    }

    @Test
    void animatedGifBombsAreRefusedBeforeDecoding() {
        long before = cms.database.number("SELECT count(*) FROM media_assets");
        // a 1x1 first frame on a 60000 x 60000 logical screen: readers report the frame, players allocate the screen
        HttpResponse<String> screen = MediaSuite.send(cms, "screen.gif", gif(60_000, 60_000, 1), "");
        assertThat(screen.body(), screen.statusCode(), is(422));
        assertThat(screen.body(), containsString("60000x60000 pixels"));
        // each frame fits (4000 x 4000 = 16 million pixels), 40 of them do not (640 million to decode)
        HttpResponse<String> frames = MediaSuite.send(cms, "frames.gif", gif(4000, 4000, 40), "");
        assertThat(frames.body(), frames.statusCode(), is(422));
        assertThat(frames.body(), containsString("40 frames"));
        assertThat(cms.database.number("SELECT count(*) FROM media_assets"), is(before));

        HttpResponse<String> small = MediaSuite.send(cms, "spinner.gif", gif(32, 24, 12), "");
        assertThat(small.body(), small.statusCode(), is(201));
        assertThat(MediaSuite.data(small.body()).getInt("width"), is(32));
    }

    @Test
    void aPhonePhotoKeepsItsOrientationInTheOriginalAndTheVariants() throws Exception {
        HttpResponse<String> up = MediaSuite.send(cms, "phone.jpg", sidewaysPhoto(), "Portrait");
        assertThat(up.body(), up.statusCode(), is(201));
        JsonObject asset = MediaSuite.data(up.body());
        assertThat(asset.getInt("width"), is(700)); // stored 1400 x 700, shown turned a quarter clockwise
        assertThat(asset.getInt("height"), is(1400));

        byte[] stored = file(asset.getString("key"));
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(text, not(containsString("GPSLatitude")));
        assertThat(text, not(containsString("Pixel 9")));
        assertThat(orientation(stored), is(6)); // the one tag kept: the original is not re-encoded

        int id = asset.getInt("id");
        assertThat(Await.until(Duration.ofSeconds(30), () -> cms.admin.get("/admin/v1/media/" + id).data().asJsonObject()
                .getJsonArray("variants").size() == 2), is(true));
        JsonObject variant = cms.admin.get("/admin/v1/media/" + id).data().asJsonObject().getJsonArray("variants")
                .getJsonObject(0);
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(file(variant.getString("key"))));
        assertThat(small.getWidth(), is(320));
        assertThat(small.getHeight(), is(640));
        assertThat(isRed(small.getRGB(160, 40)), is(true)); // the stored left half is on top
        assertThat(isRed(small.getRGB(160, 600)), is(false));
    }

    @Test
    void deliveredDocumentsDescribeTheirImagesAndUrlsFollowTheCurrentBase() throws Exception {
        HttpResponse<String> up = MediaSuite.send(cms, "wide.png", MediaSuite.image("png", 1400, 700), "A wide view");
        JsonObject asset = MediaSuite.data(up.body());
        String key = asset.getString("key");
        assertThat(asset.getString("url"), is(OLD_BASE + "/media/" + key));
        int assetId = asset.getInt("id");
        assertThat(Await.until(Duration.ofSeconds(30), () -> cms.admin.get("/admin/v1/media/" + assetId).data()
                .asJsonObject().getJsonArray("variants").size() == 3), is(true));
        Http.Response created = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Wide\","
                + "\"category\":\"news\",\"cover\":\"" + asset.getString("url") + "\"}}");
        assertThat(created.json().toString(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/content/article/" + id + "/publish", null).status(), is(200));
        assertThat(cms.database.text("SELECT data->>'cover' FROM documents WHERE id = " + id), is("/media/" + key));

        JsonObject doc = cms.delivery.get("/api/v1/content/article/" + id).data().asJsonObject();
        assertThat(doc.getString("cover"), is(OLD_BASE + "/media/" + key));
        JsonObject cover = doc.getJsonObject("_media").getJsonObject("cover");
        assertThat(cover.getInt("width"), is(1400));
        assertThat(cover.getString("alt"), is("A wide view"));
        JsonArray variants = cover.getJsonArray("variants");
        assertThat(variants.size(), is(3));
        assertThat(variants.getJsonObject(0).getInt("width"), is(320));
        assertThat(variants.getJsonObject(0).getInt("height"), is(160));
        assertThat(cover.getString("srcset"), is(OLD_BASE + "/media/" + key.replace(".png", "-w320.png") + " 320w, "
                + OLD_BASE + "/media/" + key.replace(".png", "-w640.png") + " 640w, "
                + OLD_BASE + "/media/" + key.replace(".png", "-w1280.png") + " 1280w, "
                + OLD_BASE + "/media/" + key + " 1400w"));
        JsonObject info = cms.delivery.get("/api/v1/media/" + key).data().asJsonObject();
        assertThat(info.getString("srcset"), is(cover.getString("srcset")));
        assertThat(info.containsKey("uploaded_by"), is(false));
        assertThat(cms.delivery.get("/api/v1/media/" + "0".repeat(64) + ".png").status(), is(404));
        // the admin view shows the URL too, and takes it back unchanged
        JsonObject adminDoc = cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject();
        assertThat(adminDoc.getJsonObject("data").getString("cover"), is(OLD_BASE + "/media/" + key));
        assertThat(adminDoc.getJsonObject("data").containsKey("_media"), is(false));

        // the same database behind a CDN: nothing was rewritten, every answer names the new base
        String cdn = "https://cdn.example.net/assets";
        TestDatabase db = cms.database;
        cms.stopKeepingDatabase();
        cms = TestPlatform.start(db, Map.of("PUBLIC_URL", "https://api.example.net", "MEDIA_CDN_URL", cdn));
        JsonObject moved = cms.delivery.get("/api/v1/content/article/" + id).data().asJsonObject();
        assertThat(moved.getString("cover"), is(cdn + "/" + key));
        assertThat(moved.getJsonObject("_media").getJsonObject("cover").getString("srcset"),
                   startsWith(cdn + "/" + key.replace(".png", "-w320.png") + " 320w, "));
        assertThat(cms.admin.get("/admin/v1/media/" + assetId).data().asJsonObject().getString("url"), is(cdn + "/" + key));
        cms.stopKeepingDatabase();
        cms = TestPlatform.start(db, Map.of("PUBLIC_URL", OLD_BASE));
    }

    @Test
    void mediaUrlsStoredWithTheirBaseBeforeTheUpgradeLoseIt() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            String key = "ab".repeat(32) + ".jpg";
            String jdbc = "jdbc:postgresql://" + TestDatabase.SERVER + "/" + db.name();
            try (var c = DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.SERVER + "/postgres",
                                                     TestDatabase.USER, "");
                 var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db.name());
            }
            Flyway.configure().dataSource(jdbc, TestDatabase.USER, "")
                    .locations("classpath:db/migration").target("13").load().migrate(); // a schema before V18
            db.execute("INSERT INTO media_assets (hash, storage_key, kind, content_type, size_bytes, width, height,"
                               + " filename, uploaded_by) VALUES ('" + key.substring(0, 64) + "', '" + key + "', 'image',"
                               + " 'image/jpeg', 10, 8, 8, 'old.jpg', 'user:1')");
            String stored = "{\"title\":\"Old\",\"category\":\"news\",\"cover\":\"https://old-cdn.example/m/" + key
                    + "\",\"website\":\"https://example.org/" + "cd".repeat(32) + ".jpg\"}";
            db.execute("INSERT INTO documents (type, slug, published_slug, status, data, published_data, published_at)"
                               + " VALUES ('article', 'old', 'old', 'published', '" + stored + "', '" + stored
                               + "', now())");
            try (TestPlatform upgraded = TestPlatform.start(db, Map.of("PUBLIC_URL", "https://new.example"))) {
                assertThat(db.text("SELECT published_data->>'cover' FROM documents"), is("/media/" + key));
                // a URL that names no asset is not ours: left alone
                assertThat(db.text("SELECT data->>'website' FROM documents"), is("https://example.org/" + "cd".repeat(32)
                        + ".jpg"));
                Http.Response old = upgraded.delivery.get("/api/v1/content/article/old");
                assertThat(old.json().toString(), old.status(), is(200));
                assertThat(old.data().asJsonObject().getString("cover"), is("https://new.example/media/" + key));
            }
        }
    }

    private byte[] file(String key) throws IOException, InterruptedException {
        return MediaSuite.CLIENT.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + cms.platform.port() + "/media/" + key)).build(),
                                      HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static boolean isRed(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 180 && c.getBlue() < 80;
    }

    /** A 1400 x 700 JPEG (left half red, right half blue) whose EXIF says: turn a quarter clockwise to show. */
    static byte[] sidewaysPhoto() throws IOException {
        BufferedImage img = new BufferedImage(1400, 700, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 700, 700);
        g.setColor(Color.BLUE);
        g.fillRect(700, 0, 700, 700);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", jpeg);
        byte[] plain = jpeg.toByteArray();
        // little-endian TIFF: IFD0 with Make (ASCII, at offset 38) and Orientation = 6, then a GPS text for good measure
        byte[] make = "Pixel 9\0".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer tiff = ByteBuffer.allocate(46 + 40).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 2)
                .putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(38)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0)
                .putInt(0).put(make).put("GPSLatitude=52.5200;GPSLongitude=13.4050  ".getBytes(StandardCharsets.ISO_8859_1),
                                          0, 40);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        return MediaSuite.withApp1(plain, exif);
    }

    /** The orientation in a JPEG's first EXIF segment (read independently of the platform's code), or 1. */
    private static int orientation(byte[] jpeg) {
        ByteBuffer b = ByteBuffer.wrap(jpeg);
        int at = 2;
        while (at + 4 < jpeg.length && (b.getShort(at) & 0xFFFF) != 0xFFDA) {
            int length = b.getShort(at + 2) & 0xFFFF;
            if ((b.getShort(at) & 0xFFFF) == 0xFFE1 && new String(jpeg, at + 4, 4, StandardCharsets.ISO_8859_1).equals("Exif")) {
                ByteBuffer tiff = ByteBuffer.wrap(jpeg, at + 10, length - 8).slice();
                tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                int ifd = tiff.getInt(4);
                for (int i = 0; i < tiff.getShort(ifd); i++) {
                    if ((tiff.getShort(ifd + 2 + 12 * i) & 0xFFFF) == 0x0112) {
                        return tiff.getShort(ifd + 2 + 12 * i + 8);
                    }
                }
            }
            at += 2 + length;
        }
        return 1;
    }

    /**
     * A GIF with a logical screen of the given size and the given number of 1x1 frames (each a valid LZW stream:
     * clear, pixel 0, end).
     */
    static byte[] gif(int width, int height, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8), (byte) 0x80, 0,
                0});
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255}); // two colours
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0}); // graphic control: 0.1 s per frame
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0});
            out.writeBytes(new byte[] {2, 2, 0x44, 0x01, 0});
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /** A small WebM file: EBML header (DocType webm), then a segment with one VP9 track and one cluster. */
    static byte[] webm() {
        return ebml("webm", "V_VP9");
    }

    static byte[] ebml(String docType, String codec) {
        byte[] header = concat(element(0x4286, new byte[] {1}), element(0x42F7, new byte[] {1}),
                               element(0x42F2, new byte[] {4}), element(0x42F3, new byte[] {8}),
                               element(0x4282, docType.getBytes(StandardCharsets.US_ASCII)),
                               element(0x4287, new byte[] {4}), element(0x4285, new byte[] {2}));
        byte[] info = element(0x1549A966, concat(element(0x2AD7B1, new byte[] {0x0F, 0x42, 0x40}), // 1 ms timecodes
                                                 element(0x4D80, "bitwreckers-test".getBytes(StandardCharsets.US_ASCII)),
                                                 element(0x5741, "bitwreckers-test".getBytes(StandardCharsets.US_ASCII))));
        byte[] video = element(0xE0, concat(element(0xB0, new byte[] {16}), element(0xBA, new byte[] {16})));
        byte[] track = element(0xAE, concat(element(0xD7, new byte[] {1}), element(0x73C5, new byte[] {1}),
                                            element(0x83, new byte[] {1}),
                                            element(0x86, codec.getBytes(StandardCharsets.US_ASCII)), video));
        byte[] tracks = element(0x1654AE6B, track);
        byte[] frame = new byte[600];
        new Random(5).nextBytes(frame);
        frame[0] = (byte) 0x82; // VP9 frame marker and profile 0, key frame
        frame[1] = 0x49;
        frame[2] = (byte) 0x83;
        frame[3] = 0x42;
        byte[] block = concat(new byte[] {(byte) 0x81, 0, 0, (byte) 0x80}, frame); // track 1, time 0, key frame
        byte[] cluster = element(0x1F43B675, concat(element(0xE7, new byte[] {0}), element(0xA3, block)));
        byte[] segment = element(0x18538067, concat(info, tracks, cluster));
        return concat(element(0x1A45DFA3, header), segment);
    }

    private static byte[] element(int id, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int idBytes = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        for (int i = idBytes - 1; i >= 0; i--) {
            out.write(id >> (8 * i));
        }
        out.write(0x10 | (data.length >> 24)); // sizes as 4-byte variable-length integers
        out.write(data.length >> 16);
        out.write(data.length >> 8);
        out.write(data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
