package org.bitwreckers.cms.server.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.identity.PasswordHasher;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.identity.SignInThrottle;
import org.bitwreckers.cms.core.identity.UserAdministration;

/**
 * {@code reset-password}: sets any account's password (a locked-out admin's, typically); its sessions end on every
 * node and its failed sign-ins are forgotten.
 */
@Command(name = "reset-password", mixinStandardHelpOptions = true,
        description = "Set an account's password; its sessions end and its failed sign-ins are forgotten.")
final class ResetPasswordCommand implements Callable<Integer> {
    @ParentCommand
    private BitwreckersCommand root;

    @Option(names = "--email", required = true, description = "The account's e-mail address.")
    private String email;

    @Mixin
    private PasswordInput password;

    @Override
    public Integer call() {
        Settings settings = root.settings();
        String secret = password.read(root, email);
        try (OpenDatabase open = OpenDatabase.open(settings)) {
            UserAdministration users = new UserAdministration(open.db(), new PasswordHasher(),
                                                              RoleTable.load(settings.contentTypesDir()));
            long id = users.setPassword(email, secret);
            Settings.RateLimits limits = settings.rateLimits();
            new SignInThrottle(open.db(), Duration.ofSeconds(limits.windowSeconds()), limits.failedLogins()).forget(email);
            root.out().println("Set a new password for " + email + " (user " + id + "); their sessions have ended.");
        }
        return 0;
    }
}
