package org.bitwreckers.cms.core.document;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generation number per content type, bumped whenever what published reads of the type show changes (a publish,
 * an unpublish, the deletion of a published document; not a draft's edit: drafts are never cached). Cached reads
 * include the generations of the types they read in their key, so a change makes every stale entry unreachable at
 * once.
 */
public final class ContentChanges {
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong everything = new AtomicLong();

    /**
     * @param type a type name
     * @return its current generation, as a cache key part
     */
    public String generation(String type) {
        return everything.get() + "." + generations.computeIfAbsent(type, t -> new AtomicLong()).get();
    }

    /**
     * Records that what published reads of a type show changed.
     *
     * @param type a type name
     */
    public void changed(String type) {
        generations.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
    }

    /** Records that anything may have changed (for example after missing notifications from other nodes). */
    public void changedAll() {
        everything.incrementAndGet();
    }
}
