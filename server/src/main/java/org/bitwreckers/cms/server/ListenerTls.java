package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;

/**
 * The two listeners' certificates, loaded before anything starts: a file that is not a key, a certificate chain or a
 * keystore (or the wrong password) is an operator's error named with its setting, together with every other one.
 *
 * @param delivery the delivery listener's TLS, if it serves HTTPS
 * @param admin    the admin listener's TLS, if it serves HTTPS
 */
record ListenerTls(Optional<Tls> delivery, Optional<Tls> admin) {

    static ListenerTls load(Settings.Transport transport) {
        List<String> problems = new ArrayList<>();
        Optional<Tls> delivery = transport.tls().flatMap(t -> load(t, problems));
        Optional<Tls> admin = transport.adminTls().equals(transport.tls())
                ? delivery
                : transport.adminTls().flatMap(t -> load(t, problems));
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new ListenerTls(delivery, admin);
    }

    private static Optional<Tls> load(Settings.Tls settings, List<String> problems) {
        String source = settings.keystoreFile().isPresent()
                ? settings.prefix() + "KEYSTORE_FILE/" + settings.prefix() + "KEYSTORE_PASSWORD"
                : settings.prefix() + "CERT_FILE/" + settings.prefix() + "KEY_FILE";
        try {
            Keys keys = settings.keystoreFile().isPresent()
                    ? keystoreKeys(settings.keystoreFile().get(), settings.keystorePassword().orElseThrow())
                    : Keys.builder().pem(p -> p.key(Resource.create(settings.keyFile().orElseThrow()))
                            .certChain(Resource.create(settings.certChainFile().orElseThrow()))).build();
            if (keys.privateKey().isEmpty() || keys.certChain().isEmpty()) {
                problems.add(source + " hold no private key with its certificate chain");
                return Optional.empty();
            }
            return Optional.of(Tls.builder().privateKey(keys.privateKey().get()).privateKeyCertChain(keys.certChain())
                                       .build());
        } catch (IOException | GeneralSecurityException | RuntimeException e) { // Helidon's PEM reader throws unchecked
            // messages name the file and what is wrong with it, never key material or passwords
            problems.add(source + " cannot be used: " + reason(e));
            return Optional.empty();
        }
    }

    /** The keystore's one key entry, whatever its alias (keytool, openssl and cloud consoles all name it differently). */
    private static Keys keystoreKeys(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        List<String> keyAliases = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).toList();
        if (keyAliases.size() != 1) {
            throw new KeyStoreException("holds " + keyAliases.size() + " private keys; keep exactly one");
        }
        String alias = keyAliases.getFirst();
        Keys.Builder keys = Keys.builder().privateKey((PrivateKey) store.getKey(alias, password.toCharArray()));
        for (Certificate certificate : store.getCertificateChain(alias)) {
            keys.addCertChain((X509Certificate) certificate);
        }
        return keys.build();
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            return false;
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e == root || e.getMessage() == null ? message : e.getMessage() + " (" + message + ")";
    }

    /** @return the scheme of the delivery listener's addresses */
    String deliveryScheme() {
        return delivery.isPresent() ? "https" : "http";
    }

    /** @return the scheme of the admin listener's addresses */
    String adminScheme() {
        return admin.isPresent() ? "https" : "http";
    }
}
