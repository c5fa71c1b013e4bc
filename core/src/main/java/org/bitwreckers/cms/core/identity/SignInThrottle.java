package org.bitwreckers.cms.core.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Failed sign-ins, counted per account and client address in PostgreSQL, so every node applies the same limits.
 *
 * <p>A client that failed {@code allowed} times on an account waits one window before its next try there, and twice
 * as long after each further failure (up to 16 windows). Once the account has {@code allowed} failures from all
 * clients together (a guessing attack from many addresses), every client that has failed on it waits after each
 * failure. A client that has not failed on the account is never held back: an attacker guessing every few seconds
 * cannot lock the owner out (OWASP: lock the attacker, not the account). Failures are forgotten after an hour
 * without one; a client's count is cleared when it signs in, and every count of the account when its owner resets
 * the password. IPv6 clients count per /64 network, the block one
 * subscriber usually holds.
 */
public final class SignInThrottle {
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_DOUBLINGS = 4;

    private final DbClient db;
    private final Duration window;
    private final int allowed;

    /**
     * @param db      database client
     * @param window  RATE_LIMIT_WINDOW_SECONDS: the first delay
     * @param allowed RATE_LIMIT_FAILED_LOGINS: failures before a client waits
     */
    public SignInThrottle(DbClient db, Duration window, int allowed) {
        this.db = db;
        this.window = window;
        this.allowed = allowed;
    }

    /**
     * Refuses an attempt that has to wait; one indexed query, before any password hashing.
     *
     * @param email  the account's address, as given
     * @param client the client's address
     * @throws CmsException TOO_MANY_REQUESTS with Retry-After
     */
    public void check(String email, String client) {
        DbRow row = db.execute().get("SELECT COALESCE(sum(failures), 0) AS total,"
                                             + " COALESCE(max(failures) FILTER (WHERE client = ?), 0) AS mine,"
                                             + " COALESCE(extract(epoch FROM now() - max(last_failed_at)"
                                             + " FILTER (WHERE client = ?)), 0)::float8 AS since"
                                             + " FROM login_failures WHERE account_hash = ?"
                                             + " AND last_failed_at > now() - make_interval(secs => ?)",
                                     clientKey(client), clientKey(client), accountKey(email), FORGET_AFTER.toSeconds())
                .orElseThrow();
        long total = row.column("total").get(Number.class).longValue();
        long mine = row.column("mine").get(Number.class).longValue();
        double since = row.column("since").get(Number.class).doubleValue();
        long free = total >= allowed ? 1 : allowed; // under attack from many addresses: no free tries after a failure
        if (mine >= free) {
            double delay = window.toMillis() / 1000.0 * (1L << Math.min(mine - free, MAX_DOUBLINGS));
            if (since < delay) {
                throw CmsException.tooManyRequests("Too many failed sign-ins from your address for this account; try"
                                                           + " again later", (long) Math.ceil(delay - since));
            }
        }
    }

    /**
     * @param email  the account's address, as given (whether or not an account has it)
     * @param client the client's address
     */
    public void failed(String email, String client) {
        db.execute().dml("INSERT INTO login_failures (account_hash, client, failures, last_failed_at) VALUES (?, ?, 1, now())"
                                 + " ON CONFLICT (account_hash, client) DO UPDATE SET last_failed_at = now(),"
                                 + " failures = CASE WHEN login_failures.last_failed_at < now() - make_interval(secs => ?)"
                                 + " THEN 1 ELSE login_failures.failures + 1 END",
                         accountKey(email), clientKey(client), FORGET_AFTER.toSeconds());
        db.execute().dml("DELETE FROM login_failures WHERE last_failed_at < now() - make_interval(secs => ?)",
                         FORGET_AFTER.toSeconds());
    }

    /**
     * @param email  the account's address, as given
     * @param client the client that signed in: its count starts again
     */
    public void succeeded(String email, String client) {
        db.execute().dml("DELETE FROM login_failures WHERE account_hash = ? AND client = ?", accountKey(email),
                         clientKey(client));
    }

    /**
     * @param email an account whose owner proved they hold the mailbox (password reset): every count starts again
     */
    public void forget(String email) {
        db.execute().dml("DELETE FROM login_failures WHERE account_hash = ?", accountKey(email));
    }

    private static String accountKey(String email) {
        return Hashes.sha256(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    /** An IPv6 address counts as its /64 network: one subscriber can use any address in it. */
    static String clientKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        try {
            byte[] bytes = InetAddress.getByName(address.replace("[", "").replace("]", "")).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
