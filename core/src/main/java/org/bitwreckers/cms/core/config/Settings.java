package org.bitwreckers.cms.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bitwreckers.cms.core.analytics.AnalyticsSettings;

/**
 * Every setting the platform reads, already parsed and checked. Built by {@link SettingsLoader}.
 *
 * @param profile                   active profile (dev, test, prod)
 * @param database                  DATABASE_URL
 * @param databasePoolSize          DATABASE_POOL_SIZE
 * @param databaseReadPoolSize      DATABASE_READ_POOL_SIZE: the read-only pool of published lists and items
 * @param host                      HOST: address the delivery listener binds to (and the admin listener, unless
 *                                  ADMIN_HOST says otherwise)
 * @param port                      PORT: delivery API listener
 * @param adminPort                 ADMIN_PORT: admin API listener
 * @param maxBodyBytes              MAX_BODY_BYTES: largest accepted JSON body
 * @param secretKey                 SECRET_KEY: JWT signing key; empty in development, where the platform keeps one in
 *                                  the database (the same on every node and across restarts)
 * @param algorithm                 ALGORITHM: HS256, HS384 or HS512
 * @param accessTokenExpireMinutes  ACCESS_TOKEN_EXPIRE_MINUTES
 * @param adminApiToken             ADMIN_API_TOKEN: bootstrap full-scope token, if set
 * @param smtp                      SMTP_* settings
 * @param storage                   AWS_* settings
 * @param frontendUrl               FRONTEND_URL: the origin CORS allows
 * @param contentTypesDir           CONTENT_TYPES_DIR: folder of descriptors, routes and seed content
 * @param seedDemoContent           SEED_DEMO_CONTENT: load the demo content on first start
 * @param deliveryCacheMegabytes    DELIVERY_CACHE_MB: memory the delivery response cache may hold
 * @param mail                      MAIL_FROM, TEAM_INBOX, MAIL_TEMPLATES_DIR
 * @param jobs                      JOB_WORKERS, JOB_LEASE_SECONDS, JOB_BACKOFF_SECONDS
 * @param publicUrl                 PUBLIC_URL: the delivery API's address as the public reaches it (mail links)
 * @param firstAdmin                ADMIN_EMAIL and ADMIN_PASSWORD, when both are set
 * @param rateLimits                RATE_LIMIT_* settings
 * @param webhookPrivateTargets     WEBHOOK_ALLOW_PRIVATE_TARGETS: webhooks may call loopback or private addresses
 * @param plugins                   PLUGINS_DIR, PLUGINS_FAIL_FAST, PLUGIN_* settings
 * @param media                     MEDIA_* settings
 * @param search                    SEARCH_* and ELASTICSEARCH_* settings
 * @param corsOrigins               FRONTEND_URL and the CORS_ORIGINS list: the origins browsers may call the APIs from
 * @param analytics                 ANALYTICS_* settings
 * @param transport                 ADMIN_HOST, TLS_* and ADMIN_TLS_* settings
 * @param adminUrl                  ADMIN_URL: the admin listener as staff reach it (links into the admin app)
 */
public record Settings(String profile,
                       DatabaseUrl database,
                       int databasePoolSize,
                       int databaseReadPoolSize,
                       String host,
                       int port,
                       int adminPort,
                       long maxBodyBytes,
                       Optional<String> secretKey,
                       String algorithm,
                       int accessTokenExpireMinutes,
                       Optional<String> adminApiToken,
                       Smtp smtp,
                       Storage storage,
                       String frontendUrl,
                       Path contentTypesDir,
                       boolean seedDemoContent,
                       int deliveryCacheMegabytes,
                       Mail mail,
                       Jobs jobs,
                       String publicUrl,
                       Optional<FirstAdmin> firstAdmin,
                       RateLimits rateLimits,
                       boolean webhookPrivateTargets,
                       Plugins plugins,
                       Media media,
                       Search search,
                       List<String> corsOrigins,
                       AnalyticsSettings analytics,
                       Transport transport,
                       String adminUrl) {

    /**
     * Where the listeners bind and how they encrypt.
     *
     * @param adminHost ADMIN_HOST: address the admin listener binds to (HOST unless set)
     * @param tls       TLS_*: the delivery listener's certificate, if it serves HTTPS
     * @param adminTls  ADMIN_TLS_*: the admin listener's certificate (the delivery listener's unless set)
     */
    public record Transport(String adminHost, Optional<Tls> tls, Optional<Tls> adminTls) {
    }

    /**
     * A listener's certificate: PEM files or a PKCS12 keystore, never both.
     *
     * @param prefix           the settings it came from, for messages ({@code TLS_} or {@code ADMIN_TLS_})
     * @param certChainFile    {@code *CERT_FILE}: PEM certificate chain, server certificate first
     * @param keyFile          {@code *KEY_FILE}: PEM private key (PKCS8 or PKCS1, unencrypted)
     * @param keystoreFile     {@code *KEYSTORE_FILE}: PKCS12 keystore with one key entry and its chain
     * @param keystorePassword {@code *KEYSTORE_PASSWORD}: the keystore's password (also the key's)
     */
    public record Tls(String prefix, Optional<Path> certChainFile, Optional<Path> keyFile, Optional<Path> keystoreFile,
                      Optional<String> keystorePassword) {
        @Override
        public String toString() {
            return "Tls[" + keystoreFile.map(k -> "keystore " + k)
                    .orElse("pem " + certChainFile.map(Path::toString).orElse("-")) + "]";
        }
    }

    /**
     * Search engines: PostgreSQL full text always; Elasticsearch in its place when a URL is set.
     *
     * @param language         SEARCH_LANGUAGE: PostgreSQL text search configuration (simple, english, ...)
     * @param elasticsearchUrl ELASTICSEARCH_URL: the cluster, if search runs there
     * @param apiKey           ELASTICSEARCH_API_KEY: credentials for a secured cluster
     * @param indexPrefix      ELASTICSEARCH_INDEX_PREFIX: start of every index and alias name this platform owns
     * @param analyzer         ELASTICSEARCH_ANALYZER: analyzer of searchable fields (standard, or english, ... where
     *                         the cluster has the analysis module)
     * @param fallback         SEARCH_FALLBACK=postgres: answer from PostgreSQL while Elasticsearch is unreachable
     */
    public record Search(String language, Optional<URI> elasticsearchUrl, Optional<String> apiKey,
                         String indexPrefix, String analyzer, boolean fallback) {
        @Override
        public String toString() {
            return "Search[language=" + language + ", elasticsearch=" + elasticsearchUrl.map(Object::toString).orElse("-")
                    + ", indexPrefix=" + indexPrefix + ", fallback=" + fallback + "]";
        }
    }

    /**
     * Media uploads and delivery.
     *
     * @param dir           local storage folder (MEDIA_DIR), used when S3 is not configured
     * @param maxImageBytes largest image upload
     * @param maxVideoBytes largest video upload
     * @param maxPixels     largest image in pixels (width × height); larger ones are refused as decompression bombs
     * @param allowedTypes  MIME types accepted, as sniffed from the bytes
     * @param cdnUrl        base URL of a CDN in front of the media files, if any
     * @param s3Endpoint    endpoint of an S3-compatible store (AWS_ENDPOINT_URL), if not AWS itself
     * @param s3PathStyle   path-style bucket addressing (AWS_S3_PATH_STYLE), for S3-compatible stores
     * @param sharedDir     MEDIA_SHARED_DIR: MEDIA_DIR is one folder shared by every node (no multi-node warning)
     */
    public record Media(Path dir, long maxImageBytes, long maxVideoBytes, long maxPixels,
                        Set<String> allowedTypes, Optional<String> cdnUrl, Optional<String> s3Endpoint,
                        boolean s3PathStyle, boolean sharedDir) {
    }

    /**
     * Plugin settings.
     *
     * @param dir      the folder of plugin jars (PLUGINS_DIR); empty when plugins are off
     * @param failFast whether a plugin that fails to load stops start-up (PLUGINS_FAIL_FAST)
     * @param values   every PLUGIN_* environment variable, for the plugins' own settings
     */
    public record Plugins(Optional<Path> dir, boolean failFast, Map<String, String> values) {
        @Override
        public String toString() {
            return "Plugins[dir=" + dir.map(Path::toString).orElse("-") + ", failFast=" + failFast + "]";
        }
    }

    /**
     * Limits on public write endpoints, per client address (and per account for failed sign-ins).
     *
     * @param windowSeconds RATE_LIMIT_WINDOW_SECONDS: the period the limits refill over
     * @param auth          RATE_LIMIT_AUTH: sign-in, registration, refresh and password requests per window
     * @param forms         RATE_LIMIT_FORMS: public form posts per window
     * @param failedLogins  RATE_LIMIT_FAILED_LOGINS: failed sign-ins of one client on one account before it waits
     * @param trustedProxies TRUSTED_PROXIES: addresses of the load balancers whose X-Forwarded-For is believed
     */
    public record RateLimits(int windowSeconds, int auth, int forms, int failedLogins, Set<String> trustedProxies) {
    }

    /**
     * The first admin account, created at start when no admin exists.
     *
     * @param email    ADMIN_EMAIL
     * @param password ADMIN_PASSWORD
     */
    public record FirstAdmin(String email, String password) {
        @Override
        public String toString() {
            return "FirstAdmin[" + email + "]";
        }
    }

    /**
     * Mail settings beyond SMTP.
     *
     * @param from         MAIL_FROM: sender address
     * @param teamInbox    TEAM_INBOX: where contact-form notifications go
     * @param templatesDir MAIL_TEMPLATES_DIR: operator overrides of the mail templates
     */
    public record Mail(String from, String teamInbox, Path templatesDir) {
    }

    /**
     * Job queue tuning.
     *
     * @param workers        JOB_WORKERS: worker threads on this node
     * @param leaseSeconds   JOB_LEASE_SECONDS: how long a claimed job is this node's before another may take it over
     * @param backoffSeconds JOB_BACKOFF_SECONDS: delay before the first retry (doubling after each failure)
     * @param backoffMaxSeconds JOB_BACKOFF_MAX_SECONDS: longest delay between two attempts
     * @param webhookWorkers WEBHOOK_WORKERS: most workers of this node delivering webhooks at once
     * @param webhookTimeoutSeconds WEBHOOK_TIMEOUT_SECONDS: total time one delivery may take
     */
    public record Jobs(int workers, int leaseSeconds, double backoffSeconds, double backoffMaxSeconds, int webhookWorkers,
                       int webhookTimeoutSeconds) {
    }

    /**
     * SMTP settings; with no host, mail is captured in the database.
     *
     * @param host      SMTP_HOST
     * @param port      SMTP_PORT
     * @param username  SMTP_USERNAME
     * @param password  SMTP_PASSWORD
     * @param security  SMTP_SECURITY: {@code starttls} (required, not opportunistic), {@code tls} (implicit, port 465)
     *                  or {@code none} (plain, never with credentials)
     * @param trustedCa SMTP_CA_FILE: a PEM certificate to trust instead of the JDK's authorities (a private relay)
     */
    public record Smtp(Optional<String> host, int port, Optional<String> username, Optional<String> password,
                       String security, Optional<Path> trustedCa) {
        @Override
        public String toString() {
            return "Smtp[host=" + host.orElse("-") + ", port=" + port + ", security=" + security + "]";
        }
    }

    /**
     * S3 settings; with no bucket, media is kept in a local folder.
     *
     * @param accessKeyId     AWS_ACCESS_KEY_ID; with the secret unset, the AWS SDK's default credential chain is used
     *                        (environment, profile, web identity, container and instance roles)
     * @param secretAccessKey AWS_SECRET_ACCESS_KEY
     * @param bucketName      AWS_BUCKET_NAME
     * @param region          AWS_REGION
     */
    public record Storage(Optional<String> accessKeyId, Optional<String> secretAccessKey,
                          Optional<String> bucketName, Optional<String> region) {
        @Override
        public String toString() {
            return "Storage[bucket=" + bucketName.orElse("-") + ", region=" + region.orElse("-") + "]";
        }
    }

    /** Secrets stay out of logs even when the whole record is printed. */
    @Override
    public String toString() {
        return "Settings[profile=" + profile + ", database=" + database + ", host=" + host + ", port=" + port
                + ", adminPort=" + adminPort + ", transport=" + transport + ", algorithm=" + algorithm + ", smtp=" + smtp + ", storage=" + storage
                + ", frontendUrl=" + frontendUrl + ", corsOrigins=" + corsOrigins + ", contentTypesDir=" + contentTypesDir + ", plugins=" + plugins + ", search=" + search + "]";
    }
}
