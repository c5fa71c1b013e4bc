package org.bitwreckers.cms.core.identity;

/**
 * The permissions admin routes need, and the two roles the platform itself relies on. Which roles a site has and what
 * each may do is data ({@link RoleTable}, from {@code content-types/roles.json}); which permission each route needs is
 * declared with the route (the route table in http-support). API tokens map onto the same table: a read-scope token
 * reads what {@link #READ_TOKEN_ROLE} reads, a full-scope token does what an admin does.
 */
public final class AccessPolicy {
    /** What an admin route needs. */
    public enum Permission {
        CONTENT, MAIL, JOBS, WEBHOOKS, NEWSLETTER, SUBSCRIBERS, NOTIFICATIONS, USERS, TOKENS, AUDIT, PLUGINS, WORKFLOWS,
        MEDIA, ANALYTICS
    }

    /** The role whose reading rights a read-scope API token has. */
    public static final String READ_TOKEN_ROLE = "editor";

    /** The role that may do everything, plugin routes included. */
    public static final String ADMIN_ROLE = "admin";

    private AccessPolicy() {
    }
}
