package org.bitwreckers.cms.core.identity;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what on the admin API, declared in one place. Roles get permissions; each admin route needs one.
 * Accelerator reviewers (expert, mentor) reach workflows and the plugin routes that name their role; students and
 * graduates only ever act on their own data through the delivery API.
 *
 * <p>Personal data of people (accounts with their e-mail addresses and last sign-in, the mail log, newsletter
 * subscribers, a user's notifications) is for admins only: editors run content, media, newsletter issues and
 * workflows, and read the audit log, which records user events without personal data. API tokens map onto the same
 * table: a read-scope token reads what an editor reads, a full-scope token does what an admin does.
 */
public final class AccessPolicy {
    /** What an admin route needs. */
    public enum Permission {
        CONTENT, MAIL, JOBS, WEBHOOKS, NEWSLETTER, SUBSCRIBERS, NOTIFICATIONS, USERS, TOKENS, AUDIT, PLUGINS, WORKFLOWS,
        MEDIA
    }

    /** The role whose reading rights a read-scope API token has. */
    public static final String READ_TOKEN_ROLE = "editor";

    /** The role that may do everything, plugin routes included. */
    public static final String ADMIN_ROLE = "admin";

    private static final Map<String, Set<Permission>> ROLES = Map.of(
            "admin", EnumSet.allOf(Permission.class),
            "editor", EnumSet.of(Permission.CONTENT, Permission.NEWSLETTER, Permission.AUDIT, Permission.WORKFLOWS,
                                 Permission.MEDIA),
            // reviewers reach workflows (each step names its roles) and the plugin routes that name them
            "expert", EnumSet.of(Permission.WORKFLOWS),
            "mentor", EnumSet.of(Permission.WORKFLOWS),
            "graduate", EnumSet.noneOf(Permission.class),
            "student", EnumSet.noneOf(Permission.class));

    private AccessPolicy() {
    }

    /**
     * @param path an admin API path
     * @return the permission it needs; empty for paths that are not admin resources
     */
    public static Optional<Permission> required(String path) {
        if (path.startsWith("/admin/v1/content") || path.startsWith("/admin/v1/types") || path.startsWith("/admin/v1/search")) {
            return Optional.of(Permission.CONTENT);
        }
        if (path.matches("/admin/v1/users/[^/]+/notifications.*")) {
            return Optional.of(Permission.NOTIFICATIONS);
        }
        if (path.startsWith("/admin/v1/newsletter/subscribers")) {
            return Optional.of(Permission.SUBSCRIBERS);
        }
        for (Permission p : Permission.values()) {
            if (path.startsWith("/admin/v1/" + p.name().toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * @param role       a user's role
     * @param permission what is needed
     * @return whether the role has it
     */
    public static boolean allows(String role, Permission permission) {
        return ROLES.getOrDefault(role, Set.of()).contains(permission);
    }

    /** @return the roles that exist */
    public static Set<String> roles() {
        return ROLES.keySet();
    }
}
