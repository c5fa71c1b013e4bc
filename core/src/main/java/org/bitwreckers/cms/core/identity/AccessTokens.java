package org.bitwreckers.cms.core.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * JWT access tokens (auth0 java-jwt), signed with SECRET_KEY using the configured HMAC algorithm. The verifier is
 * bound to that one algorithm, so {@code alg: none}, RS/ES tokens (key confusion) and tokens signed with any other
 * key are refused; so are tokens of another issuer, without an expiry, subject, id or issue time, issued in the
 * future or not yet valid ({@code nbf}). Each token names its session ({@code sid}: the refresh chain it belongs
 * to), so signing out with the access token alone ends the chain.
 */
public final class AccessTokens {
    private static final String ISSUER = "bitwreckers";

    private final Algorithm algorithm;
    /** Built on the first token checked ({@link #verifier()}). */
    private volatile JWTVerifier verifier;
    private final Duration lifetime;

    /**
     * Verified claims of a token.
     *
     * @param userId    subject
     * @param role      role claim
     * @param tokenId   jti
     * @param issuedAt  when it was issued, to the millisecond
     * @param expiresAt exp
     * @param session   sid: the refresh chain, empty for tokens issued before sessions were named
     */
    public record Claims(long userId, String role, String tokenId, Instant issuedAt, Instant expiresAt,
                         Optional<UUID> session) {
    }

    /**
     * @param secret    SECRET_KEY
     * @param algorithm HS256, HS384 or HS512
     * @param lifetime  ACCESS_TOKEN_EXPIRE_MINUTES
     */
    public AccessTokens(String secret, String algorithm, Duration lifetime) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        this.algorithm = switch (algorithm) {
            case "HS384" -> Algorithm.HMAC384(key);
            case "HS512" -> Algorithm.HMAC512(key);
            default -> Algorithm.HMAC256(key);
        };
        this.lifetime = lifetime;
    }

    /**
     * @param userId user id
     * @param role   role
     * @return a signed token in a session of its own (tools and tests that need a token without signing in)
     */
    public Issued issue(long userId, String role) {
        return issue(userId, role, UUID.randomUUID());
    }

    /**
     * @param userId  user id
     * @param role    role
     * @param session the refresh chain this token belongs to
     * @return a signed token and its claims
     */
    public Issued issue(long userId, String role, UUID session) {
        Instant now = Instant.now();
        Instant expires = now.plus(lifetime);
        String id = UUID.randomUUID().toString();
        String token = JWT.create().withIssuer(ISSUER).withSubject(Long.toString(userId)).withClaim("role", role)
                .withJWTId(id).withIssuedAt(now).withClaim("iat_ms", now.toEpochMilli()).withExpiresAt(expires)
                .withClaim("sid", session.toString())
                .sign(algorithm);
        return new Issued(token, lifetime.toSeconds());
    }

    /**
     * A freshly signed token.
     *
     * @param token     the JWT
     * @param expiresIn seconds until it expires
     */
    public record Issued(String token, long expiresIn) {
    }

    /**
     * @param token a presented JWT
     * @return its claims, if the signature, algorithm, issuer, expiry and required claims check out
     */
    public Optional<Claims> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier().verify(token);
            String sid = jwt.getClaim("sid").asString();
            return Optional.of(new Claims(Long.parseLong(jwt.getSubject()), jwt.getClaim("role").asString(), jwt.getId(),
                                          Instant.ofEpochMilli(jwt.getClaim("iat_ms").asLong()), jwt.getExpiresAtAsInstant(),
                                          Optional.ofNullable(sid).map(UUID::fromString)));
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * The verifier is made when the first token is checked: making it sets up Jackson, a tenth of the main thread's
     * work at start, and a node that serves anonymous readers may never need it. Two threads racing here build equal
     * verifiers.
     */
    private JWTVerifier verifier() {
        JWTVerifier v = verifier;
        if (v == null) {
            v = JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(5)
                    .withClaimPresence("exp").withClaimPresence("sub").withClaimPresence("jti")
                    .withClaimPresence("iat_ms").withClaimPresence("role").build();
            verifier = v;
        }
        return v;
    }
}
