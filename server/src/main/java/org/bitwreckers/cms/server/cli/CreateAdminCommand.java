package org.bitwreckers.cms.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.identity.PasswordHasher;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.identity.UserAdministration;

/** {@code create-admin}: a new admin account, with a password that is never echoed nor taken from the arguments. */
@Command(name = "create-admin", mixinStandardHelpOptions = true,
        description = "Create an admin account (the database is created and migrated if needed).")
final class CreateAdminCommand implements Callable<Integer> {
    @ParentCommand
    private BitwreckersCommand root;

    @Option(names = "--email", required = true, description = "The account's e-mail address (its sign-in name).")
    private String email;

    @Mixin
    private PasswordInput password;

    @Override
    public Integer call() {
        Settings settings = root.settings();
        String secret = password.read(root, email); // asked before anything is opened
        try (OpenDatabase open = OpenDatabase.open(settings)) {
            UserAdministration users = new UserAdministration(open.db(), new PasswordHasher(),
                                                              RoleTable.load(settings.contentTypesDir()));
            long id = users.createAdmin(email, secret);
            root.out().println("Created the admin account " + email + " (user " + id + ").");
        }
        return 0;
    }
}
