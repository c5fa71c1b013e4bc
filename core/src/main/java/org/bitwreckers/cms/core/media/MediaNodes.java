package org.bitwreckers.cms.core.media;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * The nodes that share one database, and where each keeps its media. A node in a local folder serves only the files
 * uploaded through it, so with several nodes uploads go missing at random: each node records itself (refreshed
 * every {@link #BEAT}) and warns, at start and whenever another live node appears, unless every node keeps its media
 * in the same shared store.
 */
public final class MediaNodes implements AutoCloseable {
    static final Duration BEAT = Duration.ofSeconds(20);
    /** A node that has not refreshed its row for this long has stopped (or lost the database). */
    private static final Duration LIVE = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(MediaNodes.class.getName());

    private final DbClient db;
    private final String node;
    private final String location;
    private final boolean sharedDir;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("media-nodes").factory());

    private MediaNodes(DbClient db, String node, String location, boolean sharedDir) {
        this.db = db;
        this.node = node;
        this.location = location;
        this.sharedDir = sharedDir;
    }

    /**
     * Records this node, warns about other live nodes it cannot share files with, and keeps its record fresh.
     *
     * @param db        database client
     * @param name      this node's name (host and process)
     * @param storage   where this node keeps media
     * @param sharedDir MEDIA_SHARED_DIR: the operator says the local folder is shared by every node
     * @return the running record, to close on shutdown
     */
    public static MediaNodes join(DbClient db, String name, MediaStorage storage, boolean sharedDir) {
        MediaNodes nodes = new MediaNodes(db, name + "/" + UUID.randomUUID().toString().substring(0, 8),
                                          storage.location(), sharedDir);
        nodes.beat();
        nodes.timer.scheduleWithFixedDelay(nodes::beatQuietly, BEAT.toSeconds(), BEAT.toSeconds(), TimeUnit.SECONDS);
        return nodes;
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) { // the database may be away for a while: the next beat tries again
            LOG.fine("media node record not refreshed: " + e.getMessage());
        }
    }

    private void beat() {
        db.execute().dml("INSERT INTO platform_nodes (node, media) VALUES (?, ?) ON CONFLICT (node)"
                                 + " DO UPDATE SET seen_at = now(), media = EXCLUDED.media", node, location);
        try (Stream<DbRow> others = db.execute().query(
                "SELECT node, media FROM platform_nodes WHERE node <> ? AND seen_at > now() - ?::interval", node,
                LIVE.toSeconds() + " seconds")) {
            others.forEach(r -> check(r.column("node").get(String.class), r.column("media").get(String.class)));
        }
    }

    private void check(String other, String otherLocation) {
        boolean local = location.startsWith("local ");
        String problem;
        if (local && !sharedDir) {
            problem = "this node keeps media in its local folder (MEDIA_DIR, " + location.substring(6) + "), so files"
                    + " uploaded through one node are missing on the others. Set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,"
                    + " AWS_BUCKET_NAME and AWS_REGION to share an S3 bucket, or MEDIA_SHARED_DIR=true if MEDIA_DIR is a"
                    + " folder every node shares";
        } else if (!otherLocation.equals(location) && !(local && otherLocation.startsWith("local "))) {
            problem = "it keeps media in " + otherLocation + " and this node in " + location + ", so files uploaded"
                    + " through one node are missing on the other; give every node the same MEDIA_DIR or AWS_* settings";
        } else {
            return;
        }
        if (warned.add(other)) {
            LOG.warning("Another node (" + other + ") uses this database, and " + problem + ".");
        }
    }

    /** Stops refreshing and removes this node's record (another node starting now sees it gone). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            db.execute().dml("DELETE FROM platform_nodes WHERE node = ?", node);
        } catch (RuntimeException e) {
            LOG.fine("media node record not removed (it expires): " + e.getMessage());
        }
    }
}
