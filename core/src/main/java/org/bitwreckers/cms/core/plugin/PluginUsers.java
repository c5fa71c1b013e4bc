package org.bitwreckers.cms.core.plugin;

import java.util.Locale;
import java.util.Optional;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.spi.CurrentUser;
import org.bitwreckers.cms.spi.Users;

/** Active users as plugins see them: id, role, address and name, nothing more. */
final class PluginUsers implements Users {
    private static final String SELECT = "SELECT id, role, email, full_name FROM users WHERE is_active AND ";

    private final DbExecute exec;

    PluginUsers(DbExecute exec) {
        this.exec = exec;
    }

    @Override
    public Optional<CurrentUser> byId(long id) {
        return exec.get(SELECT + "id = ?", id).map(PluginUsers::user);
    }

    @Override
    public Optional<CurrentUser> byEmail(String email) {
        return exec.get(SELECT + "lower(email) = ?", email.strip().toLowerCase(Locale.ROOT)).map(PluginUsers::user);
    }

    private static CurrentUser user(DbRow row) {
        return new CurrentUser(row.column("id").get(Long.class), row.column("role").get(String.class),
                               row.column("email").get(String.class), row.column("full_name").get(String.class));
    }
}
