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
 * bound to that one algorithm, so {@code alg: none} and tokens signed with any other algorithm or key are refused.
 */
public final class AccessTokens {
    private static final String ISSUER = "bitwreckers";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration lifetime;

    /**
     * Verified claims of a token.
     *
     * @param userId    subject
     * @param role      role claim
     * @param tokenId   jti
     * @param issuedAt  when it was issued, to the millisecond
     * @param expiresAt exp
     */
    public record Claims(long userId, String role, String tokenId, Instant issuedAt, Instant expiresAt) {
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
        this.verifier = JWT.require(this.algorithm).withIssuer(ISSUER).acceptLeeway(5).build();
        this.lifetime = lifetime;
    }

    /**
     * @param userId user id
     * @param role   role
     * @return a signed token and its claims
     */
    public Issued issue(long userId, String role) {
        Instant now = Instant.now();
        Instant expires = now.plus(lifetime);
        String id = UUID.randomUUID().toString();
        String token = JWT.create().withIssuer(ISSUER).withSubject(Long.toString(userId)).withClaim("role", role)
                .withJWTId(id).withIssuedAt(now).withClaim("iat_ms", now.toEpochMilli()).withExpiresAt(expires)
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
     * @return its claims, if the signature, algorithm, issuer and expiry check out
     */
    public Optional<Claims> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            return Optional.of(new Claims(Long.parseLong(jwt.getSubject()), jwt.getClaim("role").asString(), jwt.getId(),
                                          Instant.ofEpochMilli(jwt.getClaim("iat_ms").asLong()), jwt.getExpiresAtAsInstant()));
        } catch (JWTVerificationException | NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
