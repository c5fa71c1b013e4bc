package org.bitwreckers.cms.core.identity;

import java.util.Map;
import java.util.Optional;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * Argon2id password hashing (password4j), with OWASP's recommended minimum cost: 19 MiB, 2 iterations, 1 lane.
 * The parameters travel inside each hash, so raising them later keeps old hashes verifiable. As many hashes run at
 * once as there are cores, a few per core may wait, and more are refused with 503 ({@link HashingGate}).
 */
public final class PasswordHasher {
    /** Shortest accepted password. */
    public static final int MIN_LENGTH = 10;
    /** Longest accepted password (bounds the hashing work an attacker can ask for). */
    public static final int MAX_LENGTH = 128;

    private static final int QUEUED_PER_CORE = 4;

    private final HashingGate gate;

    /**
     * The hashing function, made on first use: password4j's keeps a zeroed block of its whole memory cost (20 MB of
     * heap, for as long as the process lives), which a node that never checks a password does not need, and which
     * start-up's first young collection had to copy.
     */
    private static final class Function {
        static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    }

    /**
     * Verified against when the account does not exist, so a login takes as long either way. Made on first use, not
     * when the class loads: an Argon2 hash is a good part of a second of start-up on a small machine.
     */
    private static final class Dummy {
        static final String HASH = Password.hash("not-a-real-password").addRandomSalt(16).with(Function.ARGON2)
                .getResult();
    }

    /** Sized to this machine's cores. */
    public PasswordHasher() {
        this(Runtime.getRuntime().availableProcessors(), QUEUED_PER_CORE * Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param concurrent hashes at once
     * @param queued     hashes that may wait
     */
    PasswordHasher(int concurrent, int queued) {
        this.gate = new HashingGate(concurrent, queued);
    }

    /**
     * @param password a new password
     * @param email    the account's address (the password may not be it)
     * @throws CmsException VALIDATION_ERROR explaining the policy
     */
    public static void checkPolicy(String password, String email) {
        policyProblem(password, email).ifPresent(p -> {
            throw CmsException.validation(Map.of("password", p));
        });
    }

    /**
     * @param password a new password
     * @param email    the account's address (the password may not be it), or null
     * @return what is wrong with the password, if anything (for a refusal that names every problem at once)
     */
    public static Optional<String> policyProblem(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        if (email != null && password.equalsIgnoreCase(email)) {
            return Optional.of("must not be your e-mail address");
        }
        return Optional.empty();
    }

    /**
     * @param password the password
     * @return its Argon2id hash with salt and parameters
     */
    public String hash(String password) {
        return gate.run(() -> Password.hash(password).addRandomSalt(16).with(Function.ARGON2).getResult());
    }

    /**
     * @param password the password given
     * @param hash     the stored hash, or null when there is no such account
     * @return whether they match (always false without a hash, after the same work)
     */
    public boolean verify(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        if (hash == null) {
            gate.run(() -> Password.check(password, Dummy.HASH).with(Function.ARGON2));
            return false;
        }
        return gate.run(() -> Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash)));
    }
}
