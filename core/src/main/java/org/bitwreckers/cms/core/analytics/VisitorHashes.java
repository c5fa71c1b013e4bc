package org.bitwreckers.cms.core.analytics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.dbclient.DbClient;

/**
 * Counts a visitor once per day without a cookie and without storing who they are: the visitor is the first 8 bytes
 * of HMAC-SHA256 over their address and user agent, keyed with a random salt made for the day (UTC). Every node uses
 * the same salt (the first to need it writes it), and the rollup job deletes it once its day is over, after which
 * nobody can link a stored hash to an address, not even with the database.
 */
final class VisitorHashes {
    private final DbClient db;
    private final Clock clock;
    private volatile DaySalt current = new DaySalt(LocalDate.MIN, new byte[0]);

    private record DaySalt(LocalDate day, byte[] salt) {
    }

    VisitorHashes(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * @param address   the client's address
     * @param userAgent its User-Agent header
     * @return the visitor's hash for today
     */
    long visitor(String address, String userAgent) {
        DaySalt salt = salt(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.salt(), "HmacSHA256"));
            mac.update(address.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0); // a separator, so "ab"+"c" and "a"+"bc" differ
            mac.update(userAgent.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(mac.doFinal()).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private DaySalt salt(LocalDate today) {
        DaySalt known = current;
        if (known.day().equals(today)) {
            return known;
        }
        synchronized (this) {
            if (!current.day().equals(today)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                db.execute().dml("INSERT INTO analytics_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING",
                                 today, random);
                byte[] salt = db.execute().get("SELECT salt FROM analytics_salts WHERE day = ?", today).orElseThrow()
                        .column("salt").get(byte[].class);
                current = new DaySalt(today, salt);
            }
            return current;
        }
    }
}
