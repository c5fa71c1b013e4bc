package org.bitwreckers.cms.http.route;

import java.util.Set;

import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;

/** Who may call a route. */
public sealed interface Access {
    /** Anyone; a delivery route may still look at a bearer token it is given (preview, an owner). */
    record Public() implements Access {
    }

    /** A signed-in member (a session's access token) on the delivery API. */
    record Member() implements Access {
    }

    /**
     * An admin route: an API token of the right scope, or a signed-in user whose role has the permission.
     *
     * @param permission what the caller's role must have
     */
    record Admin(Permission permission) implements Access {
    }

    /**
     * A plugin's admin route: an API token of the right scope, an admin, or a user with one of the roles.
     *
     * @param roles the roles besides admin that may call it
     */
    record Roles(Set<String> roles) implements Access {
    }

    /** @return access for anyone */
    static Access open() {
        return new Public();
    }

    /** @return access for signed-in members */
    static Access member() {
        return new Member();
    }

    /**
     * @param permission the permission needed
     * @return admin access
     */
    static Access admin(Permission permission) {
        return new Admin(permission);
    }

    /** @return whether a caller must present credentials */
    default boolean signedIn() {
        return !(this instanceof Public);
    }
}
