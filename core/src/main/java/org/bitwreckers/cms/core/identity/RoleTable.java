package org.bitwreckers.cms.core.identity;

import java.util.Arrays;
import java.util.TreeSet;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;

/**
 * The site's roles and what each may do on the admin API, read from {@code roles.json} beside the content-type
 * descriptors. Checked at start like them: every problem in the file is reported at once, naming the role.
 *
 * <pre>
 * {"roles": {
 *   "admin":  {"description": "runs the platform", "permissions": "*"},
 *   "editor": {"description": "runs the content", "permissions": ["content", "media"]},
 *   "student": {"description": "a member", "permissions": []}}}
 * </pre>
 */
public final class RoleTable {
    /** Without a roles file a site has admins only. */
    public static final RoleTable ADMINS_ONLY = new RoleTable(Map.of(AccessPolicy.ADMIN_ROLE,
                                                                     EnumSet.allOf(Permission.class)));
    /** The file's name, in CONTENT_TYPES_DIR. */
    public static final String FILE = "roles.json";
    private static final Logger LOG = Logger.getLogger(RoleTable.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    private final Map<String, Set<Permission>> roles;

    private RoleTable(Map<String, Set<Permission>> roles) {
        this.roles = Map.copyOf(roles);
    }

    /**
     * @param contentTypesDir the folder holding {@code types/} and {@code roles.json}
     * @return the roles it declares; {@link #ADMINS_ONLY} when it has no roles file
     * @throws DescriptorException naming every problem of the file
     */
    public static RoleTable load(Path contentTypesDir) {
        Path file = contentTypesDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            LOG.info("No " + file + ": the only role is admin");
            return ADMINS_ONLY;
        }
        try (JsonReader reader = Jsons.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            return parse(reader.readObject(), file.toString());
        } catch (IOException e) {
            throw new DescriptorException(file.toString(), null, "cannot be read: " + e.getMessage());
        } catch (JsonException | ClassCastException e) {
            throw new DescriptorException(file.toString(), null, "is not a JSON object: " + e.getMessage());
        }
    }

    /**
     * @param json   the file's content
     * @param source where it came from, for messages
     * @return the roles
     * @throws DescriptorException naming every problem
     */
    public static RoleTable parse(JsonObject json, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<Permission>> roles = new LinkedHashMap<>();
        if (!(json.get("roles") instanceof JsonObject declared) || declared.isEmpty()) {
            throw new DescriptorException(source, null, "needs \"roles\": an object of role name -> {\"permissions\": ...}");
        }
        for (Map.Entry<String, JsonValue> role : declared.entrySet()) {
            String name = role.getKey();
            if (!NAME.matcher(name).matches()) {
                problems.add("role '" + name + "': a name is lower-case letters, digits, '-' and '_'");
                continue;
            }
            JsonValue permissions = role.getValue() instanceof JsonObject o ? o.get("permissions") : null;
            Set<Permission> granted = EnumSet.noneOf(Permission.class);
            if (permissions instanceof JsonString all && all.getString().equals("*")) {
                granted = EnumSet.allOf(Permission.class);
            } else if (permissions != null && permissions.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue p : permissions.asJsonArray()) {
                    try {
                        granted.add(Permission.valueOf(((JsonString) p).getString().toUpperCase(Locale.ROOT)));
                    } catch (ClassCastException | IllegalArgumentException e) {
                        problems.add("role '" + name + "': unknown permission " + p + " (one of "
                                             + String.join(", ", permissionNames()) + ")");
                    }
                }
            } else {
                problems.add("role '" + name + "': \"permissions\" must be a list of permissions or \"*\"");
            }
            roles.put(name, granted);
        }
        if (!roles.getOrDefault(AccessPolicy.ADMIN_ROLE, Set.of()).equals(EnumSet.allOf(Permission.class))) {
            problems.add("role 'admin' must be declared with \"permissions\": \"*\" (admins may do everything)");
        }
        if (!roles.containsKey(AccessPolicy.READ_TOKEN_ROLE)) {
            problems.add("role '" + AccessPolicy.READ_TOKEN_ROLE + "' must be declared: read-scope API tokens read what"
                                 + " it may read");
        }
        if (!problems.isEmpty()) {
            throw new DescriptorException(source, null, String.join("; ", problems));
        }
        return new RoleTable(roles);
    }

    /**
     * @param role       a user's role
     * @param permission what is needed
     * @return whether the role has it
     */
    public boolean allows(String role, Permission permission) {
        return roles.getOrDefault(role, Set.of()).contains(permission);
    }

    /**
     * @param role a role name
     * @return whether it is a staff role: declared, with at least one admin permission (it may use the admin app)
     */
    public boolean isStaff(String role) {
        return !roles.getOrDefault(role, Set.of()).isEmpty();
    }

    /** @return the role names */
    public Set<String> names() {
        return roles.keySet();
    }

    /**
     * @param role a role name
     * @return whether it is declared
     */
    public boolean exists(String role) {
        return roles.containsKey(role);
    }

    /** @return the roles a descriptor may name as reviewers: those that cannot read content anyway */
    public Set<String> reviewers() {
        Set<String> names = new TreeSet<>();
        roles.forEach((name, granted) -> {
            if (!granted.contains(Permission.CONTENT)) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * @param registry the loaded content types
     * @throws DescriptorException for a type whose {@code access.review} names a role that is not a reviewer role
     */
    public void checkReviewers(ContentTypeRegistry registry) {
        for (ContentType type : registry.all()) {
            for (String role : type.reviewers()) {
                if (!reviewers().contains(role)) {
                    throw new DescriptorException(type.source(), null, "access.review lists roles that only read this type"
                            + " on the admin API: " + String.join(", ", reviewers()) + " (got '" + role + "'; roles with"
                            + " the content permission have access anyway)");
                }
            }
        }
    }

    private static List<String> permissionNames() {
        return Arrays.stream(Permission.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
    }
}
