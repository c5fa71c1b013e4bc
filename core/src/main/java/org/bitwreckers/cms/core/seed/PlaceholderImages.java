package org.bitwreckers.cms.core.seed;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;


import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.value.MediaKeys;
import org.bitwreckers.cms.core.media.MediaService;

/**
 * Demo content names its pictures by path ({@code /media/projects/campus-marketplace.jpg}); the demo has no photo
 * files, so each named picture becomes a generated placeholder in the media library, and the content points at it.
 */
final class PlaceholderImages {
    private final MediaService media;
    private final Map<String, String> made = new HashMap<>();

    PlaceholderImages(MediaService media) {
        this.media = media;
    }

    /**
     * @param value a media value from a seed file
     * @return the library URL path of a placeholder for it, or the value itself when it already names an asset
     */
    String resolve(String value) {
        if (!value.startsWith("/media/") || MediaKeys.valid(MediaKeys.fromUrl(value))) {
            return value;
        }
        return made.computeIfAbsent(value, this::create);
    }

    private String create(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\.[a-z]+$", "");
        String label = name.replace('-', ' ');
        BufferedImage image = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.getHSBColor((name.hashCode() & 0xFFFF) / 65535f, 0.45f, 0.55f));
        g.fillRect(0, 0, 800, 500);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
        g.drawString(label, 40, 270);
        g.dispose();
        Path file = null;
        try {
            file = Files.createTempFile("bw-placeholder", ".png");
            ImageIO.write(image, "png", file.toFile());
            String asset = media.store(file, name + ".png", label, "placeholder", "seed", Set.of("image")).json();
            return "/media/" + JsonText.object(asset).getString("key");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
