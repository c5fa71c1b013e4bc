package org.bitwreckers.cms.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * API tokens for the admin API and for delivery previews. A token is 32 random bytes shown once at creation;
 * only its SHA-256 is stored (a fast hash is right here: the token has full entropy, unlike a password).
 */
public final class ApiTokenService {
    private static final String PREFIX = "bwt_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME = 100;

    private final DbClient db;
    private final Optional<byte[]> bootstrapHash;

    /**
     * @param db             database client
     * @param bootstrapToken ADMIN_API_TOKEN, accepted with full scope when set
     */
    public ApiTokenService(DbClient db, Optional<String> bootstrapToken) {
        this.db = db;
        this.bootstrapHash = bootstrapToken.map(t -> Hashes.sha256(t).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Creates a token.
     *
     * @param name      what it is for
     * @param scope     preview, read or full
     * @param createdBy who creates it
     * @return the token record as JSON, including the token itself (shown this once)
     */
    public String create(String name, TokenScope scope, String createdBy) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw CmsException.validation(Map.of("name", "is required (at most " + MAX_NAME + " characters)"));
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return db.execute().get("INSERT INTO api_tokens (name, token_hash, token_prefix, scope, created_by)"
                                        + " VALUES (?, ?, ?, ?, ?) RETURNING " + json("? ") + " AS t",
                                name.strip(), Hashes.sha256(token), token.substring(0, 10), scope.text(), createdBy, token)
                .orElseThrow().column("t").get(String.class);
    }

    /** @return every token (never the token itself), newest first */
    public List<String> list() {
        try (Stream<DbRow> rows = db.execute().query("SELECT " + json("NULL") + " AS t FROM api_tokens ORDER BY id DESC")) {
            return rows.map(r -> r.column("t").get(String.class)).toList();
        }
    }

    /**
     * Revokes a token; it stops working at once.
     *
     * @param id token id
     */
    public void revoke(long id) {
        long changed = db.execute().dml("UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id);
        if (changed == 0) {
            throw CmsException.notFound("No active API token with id " + id);
        }
    }

    /**
     * Resolves a presented bearer token.
     *
     * @param token the token from the Authorization header
     * @return the principal, if the token is valid and not revoked
     */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = Hashes.sha256(token);
        if (bootstrapHash.isPresent()
                && MessageDigest.isEqual(bootstrapHash.get(), hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(new Principal("bootstrap-token", TokenScope.FULL));
        }
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return db.execute().get("UPDATE api_tokens SET last_used_at = now() WHERE token_hash = ? AND revoked_at IS NULL"
                                        + " AND (expires_at IS NULL OR expires_at > now()) RETURNING id, name, scope", hash)
                .map(r -> new Principal("token:" + r.column("id").get(Long.class) + ":" + r.column("name").get(String.class),
                                        TokenScope.parse(r.column("scope").get(String.class)).orElseThrow()));
    }

    private static String json(String tokenExpression) {
        return "jsonb_strip_nulls(jsonb_build_object('id', id, 'name', name, 'scope', scope, 'prefix', token_prefix,"
                + " 'token', " + tokenExpression + "::text, 'created_by', created_by,"
                + " 'created_at', " + SqlTime.iso("created_at") + ", 'last_used_at', " + SqlTime.iso("last_used_at")
                + ", 'revoked_at', " + SqlTime.iso("revoked_at") + "))::text";
    }
}
