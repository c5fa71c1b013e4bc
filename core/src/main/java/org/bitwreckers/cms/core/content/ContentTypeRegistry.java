package org.bitwreckers.cms.core.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The content types in force: loaded once at start from {@code <content-types>/types/*.json}, checked as a whole
 * (relation targets must exist), then read-only.
 */
public final class ContentTypeRegistry {
    private final Map<String, ContentType> types;

    private ContentTypeRegistry(Map<String, ContentType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /**
     * Loads every descriptor in {@code dir/types}.
     *
     * @param dir the content-types folder
     * @return the registry
     * @throws DescriptorException for the first invalid descriptor, naming file, field and reason
     */
    public static ContentTypeRegistry load(Path dir) {
        Path typesDir = dir.resolve("types");
        if (!Files.isDirectory(typesDir)) {
            throw new DescriptorException(typesDir.toString(), null, "is not a folder (set CONTENT_TYPES_DIR to the folder"
                    + " holding types/*.json)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(typesDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new DescriptorException(typesDir.toString(), null, "cannot be listed: " + e.getMessage());
        }
        List<ContentType> parsed = new ArrayList<>();
        for (Path file : files) {
            parsed.add(DescriptorParser.parse(file));
        }
        return of(parsed);
    }

    /**
     * Builds a registry from parsed types, running the cross-type checks.
     *
     * @param parsed content types
     * @return the registry
     * @throws DescriptorException on duplicate names or unknown relation targets
     */
    public static ContentTypeRegistry of(Collection<ContentType> parsed) {
        Map<String, ContentType> byName = new LinkedHashMap<>();
        for (ContentType type : parsed) {
            ContentType previous = byName.putIfAbsent(type.name(), type);
            if (previous != null) {
                throw new DescriptorException(type.source(), null, "type name '" + type.name() + "' is already used by "
                        + previous.source());
            }
        }
        for (ContentType type : byName.values()) {
            for (FieldDefinition field : type.fields()) {
                field.relationTo().ifPresent(target -> {
                    if (!byName.containsKey(target)) {
                        throw new DescriptorException(type.source(), field.name(), "relation to unknown type '" + target
                                + "' (known: " + String.join(", ", byName.keySet()) + ")");
                    }
                });
            }
        }
        return new ContentTypeRegistry(byName);
    }

    /**
     * @param name a type name (for example from a URL)
     * @return the type, if it exists
     */
    public Optional<ContentType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** @return all types, in load order */
    public Collection<ContentType> all() {
        return types.values();
    }
}
