package org.bitwreckers.cms.core.media;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.bitwreckers.cms.core.value.MediaKeys;

/** Media files in a local folder: the default that needs no set-up. */
public final class LocalStorage implements MediaStorage {
    private final Path root;

    /**
     * @param root the folder (created if missing)
     */
    public LocalStorage(Path root) {
        this.root = root;
    }

    private Path path(String key) {
        if (!MediaKeys.valid(key)) { // keys are ours, but never let one leave the folder
            throw new IllegalArgumentException("not a media key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key);
    }

    @Override
    public void put(String key, Path file, String contentType) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".upload", ".tmp");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot write " + key + " to " + root, e);
        }
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
            try {
                channel.position(offset);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return Optional.of(new BufferedInputStream(
                    new BoundedInputStream(Channels.newInputStream(channel), length)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot read " + key + " from " + root, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot delete " + key + " from " + root, e);
        }
    }

    @Override
    public Optional<String> problem() {
        // a folder that does not exist yet is made by the first upload
        return Files.isDirectory(root) && !Files.isWritable(root) ? Optional.of("folder " + root + " is not writable")
                : Optional.empty();
    }

    @Override
    public boolean holdsFiles() {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.anyMatch(f -> MediaKeys.valid(f.getFileName().toString()) && Files.isRegularFile(f));
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot list " + root, e);
        }
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String location() {
        return "local " + root.toAbsolutePath().normalize();
    }

    /** Reads at most a given number of bytes. */
    static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
