package org.bitwreckers.cms.core.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.bitwreckers.cms.core.analytics.AnalyticsSettings;

/**
 * Reads settings from the spec's environment variables, falling back to {@code config/application-<profile>.yaml},
 * then {@code config/application.yaml} (from CONFIG_DIR, then the classpath), then built-in defaults.
 * Every problem is collected and reported at once, each naming the environment variable to fix. Every variable
 * {@code X} may instead be given as {@code X_FILE}, the path of a file holding the value (Docker and Kubernetes secrets).
 */
public final class SettingsLoader {
    private static final Logger LOG = Logger.getLogger(SettingsLoader.class.getName());
    private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512");
    private static final int MIN_SECRET_LENGTH = 32;
    private static final List<String> PROFILES = List.of("dev", "test", "prod");
    private static final int MIN_ADMIN_TOKEN_LENGTH = 24;

    private final Map<String, String> env;
    private final Config config;
    private final List<String> problems = new ArrayList<>();

    private SettingsLoader(Map<String, String> env, Config config) {
        this.env = env;
        this.config = config;
    }

    /**
     * Loads settings for this process.
     *
     * @param env the environment (System.getenv() in production, a map in tests)
     * @return checked settings
     * @throws SettingsException naming every missing or malformed setting
     */
    public static Settings load(Map<String, String> env) {
        String profile = nonBlank(env.get("PROFILE")).orElse("dev");
        Path configDir = Path.of(nonBlank(env.get("CONFIG_DIR")).orElse("config"));
        return new SettingsLoader(env, layeredConfig(configDir, profile)).read(profile);
    }

    private static Config layeredConfig(Path configDir, String profile) {
        // The first source that has a key wins: profile file, base file, then the copies packaged on the classpath.
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.file(configDir.resolve("application-" + profile + ".yaml")).optional())
                .addSource(ConfigSources.file(configDir.resolve("application.yaml")).optional())
                .addSource(ConfigSources.classpath("application-" + profile + ".yaml").optional())
                .addSource(ConfigSources.classpath("application.yaml").optional())
                .build();
    }

    private Settings read(String profile) {
        if (!PROFILES.contains(profile)) {
            // a typo must not start a production node with dev defaults (demo content, random keys)
            problems.add("PROFILE must be one of " + String.join(", ", PROFILES) + " (got '" + profile + "')");
        }
        DatabaseUrl database = parse("DATABASE_URL", "database.url", "postgresql://postgres@127.0.0.1:5432/bitwreckers",
                                     DatabaseUrl::parse);
        database = optional("DATABASE_PASSWORD", "database.password").map(database::withPassword).orElse(database);
        int poolSize = integer("DATABASE_POOL_SIZE", "database.pool-size", 10, 1, 500);
        int readPoolSize = integer("DATABASE_READ_POOL_SIZE", "database.read-pool-size", 4, 1, 500);
        String host = text("HOST", "server.host", "0.0.0.0");
        int port = integer("PORT", "server.port", 8080, 0, 65535);
        int adminPort = integer("ADMIN_PORT", "server.admin-port", 8081, 0, 65535);
        if (port != 0 && port == adminPort) {
            problems.add("PORT and ADMIN_PORT must differ (both are " + port + ")");
        }
        long maxBody = integer("MAX_BODY_BYTES", "server.max-body-bytes", 1_048_576, 1024, Integer.MAX_VALUE);
        Optional<String> secret = secretKey();
        String algorithm = text("ALGORITHM", "auth.algorithm", "HS256").toUpperCase();
        if (!ALGORITHMS.contains(algorithm)) {
            problems.add("ALGORITHM must be one of HS256, HS384, HS512 (got '" + algorithm + "')");
        }
        int expire = integer("ACCESS_TOKEN_EXPIRE_MINUTES", "auth.access-token-expire-minutes", 30, 1, 60 * 24 * 30);
        Optional<String> adminToken = optional("ADMIN_API_TOKEN", "auth.admin-api-token");
        adminToken.ifPresent(this::checkAdminToken);
        Settings.Smtp smtp = smtp();
        Settings.Storage storage = storage();
        String frontendUrl = parse("FRONTEND_URL", "frontend-url", "http://localhost:3000", SettingsLoader::origin);
        List<String> corsOrigins = Stream.concat(
                Stream.of(frontendUrl),
                parse("CORS_ORIGINS", "cors-origins", "", SettingsLoader::origins).stream()).distinct().toList();
        Path typesDir = Path.of(text("CONTENT_TYPES_DIR", "content.types-dir", "content-types"));
        boolean seed = bool("SEED_DEMO_CONTENT", "content.seed-demo", true);
        int cacheMegabytes = integer("DELIVERY_CACHE_MB", "delivery.cache-mb", 64, 0, 65_536);
        Settings.Mail mail = new Settings.Mail(text("MAIL_FROM", "mail.from", "Bitwreckers <no-reply@bitwreckers.org>"),
                                               text("TEAM_INBOX", "mail.team-inbox", "team@bitwreckers.org"),
                                               Path.of(text("MAIL_TEMPLATES_DIR", "mail.templates-dir", "config/mail")));
        Settings.Jobs jobs = jobs();
        String publicUrl = parse("PUBLIC_URL", "public-url", "http://localhost:8080", SettingsLoader::origin);
        String adminUrl = parse("ADMIN_URL", "admin-url", "http://localhost:8081", SettingsLoader::origin);
        Optional<String> adminEmail = optional("ADMIN_EMAIL", "auth.admin-email");
        Optional<String> adminPassword = optional("ADMIN_PASSWORD", "auth.admin-password");
        if (adminEmail.isPresent() != adminPassword.isPresent()) {
            problems.add("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        }
        adminPassword.filter(p -> p.length() < 10).ifPresent(p -> problems.add("ADMIN_PASSWORD must be at least 10 characters"));
        Settings.RateLimits limits = new Settings.RateLimits(
                integer("RATE_LIMIT_WINDOW_SECONDS", "rate-limits.window-seconds", 60, 1, 86_400),
                integer("RATE_LIMIT_AUTH", "rate-limits.auth", 10, 1, 1_000_000),
                integer("RATE_LIMIT_FORMS", "rate-limits.forms", 20, 1, 1_000_000),
                integer("RATE_LIMIT_FAILED_LOGINS", "rate-limits.failed-logins", 5, 1, 1_000_000),
                Set.copyOf(Arrays.stream(text("TRUSTED_PROXIES", "rate-limits.trusted-proxies", "")
                                                                     .split(",")).map(String::strip)
                                             .filter(a -> !a.isEmpty()).toList()));
        Optional<Settings.FirstAdmin> firstAdmin = adminEmail.flatMap(e -> adminPassword.map(p -> new Settings.FirstAdmin(e, p)));
        if (nonBlank(env.get("DELIVERY_CACHE_ENTRIES")).isPresent()) {
            LOG.warning("DELIVERY_CACHE_ENTRIES is no longer used: the delivery cache is bounded in bytes (DELIVERY_CACHE_MB)");
        }
        if (nonBlank(env.get("REDIS_URL")).isPresent()) {
            LOG.info("REDIS_URL is set but not used: caching is in-process (Caffeine), kept coherent through PostgreSQL");
        }
        Settings.Plugins plugins = plugins();
        Settings.Media media = media();
        Settings.Search search = search();
        Settings.Transport transport = transport(host);
        if (!problems.isEmpty()) {
            throw new SettingsException(problems.stream().distinct().toList());
        }
        return new Settings(profile, database, poolSize, readPoolSize, host, port, adminPort, maxBody, secret, algorithm,
                            expire, adminToken, smtp, storage, frontendUrl, typesDir, seed, cacheMegabytes, mail, jobs,
                            publicUrl, firstAdmin, limits, bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", "webhooks.allow-private-targets",
                                                     false),
                            plugins, media, search, corsOrigins, analytics(corsOrigins, publicUrl), transport, adminUrl);
    }

    /** Static keys go together; without them the AWS SDK's default credential chain supplies credentials. */
    private Settings.Storage storage() {
        Settings.Storage storage = new Settings.Storage(optional("AWS_ACCESS_KEY_ID", "storage.aws-access-key-id"),
                                                        optional("AWS_SECRET_ACCESS_KEY", "storage.aws-secret-access-key"),
                                                        optional("AWS_BUCKET_NAME", "storage.aws-bucket-name"),
                                                        optional("AWS_REGION", "storage.aws-region"));
        if (storage.accessKeyId().isPresent() != storage.secretAccessKey().isPresent()) {
            problems.add("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS"
                                 + " default credential chain (instance or container role, web identity, profile)");
        }
        if (storage.bucketName().isPresent() && storage.region().isEmpty()) {
            problems.add("AWS_REGION is required with AWS_BUCKET_NAME (for example eu-central-1)");
        }
        return storage;
    }

    private Settings.Transport transport(String host) {
        Optional<Settings.Tls> tls = tls("TLS_", "server.tls.");
        Optional<Settings.Tls> adminTls = tls("ADMIN_TLS_", "server.admin-tls.");
        return new Settings.Transport(text("ADMIN_HOST", "server.admin-host", host), tls, adminTls.or(() -> tls));
    }

    /** A listener's certificate from PEM files or a keystore; files are checked here, their contents at start. */
    private Optional<Settings.Tls> tls(String prefix, String key) {
        Optional<Path> cert = file(prefix + "CERT_FILE", key + "cert-file");
        Optional<Path> privateKey = file(prefix + "KEY_FILE", key + "key-file");
        Optional<Path> keystore = file(prefix + "KEYSTORE_FILE", key + "keystore-file");
        Optional<String> password = optional(prefix + "KEYSTORE_PASSWORD", key + "keystore-password");
        boolean pem = cert.isPresent() || privateKey.isPresent();
        if (cert.isPresent() != privateKey.isPresent()) {
            problems.add(prefix + "CERT_FILE and " + prefix + "KEY_FILE go together: set both");
        }
        if (pem && keystore.isPresent()) {
            problems.add("set " + prefix + "CERT_FILE/" + prefix + "KEY_FILE or " + prefix + "KEYSTORE_FILE, not both");
        }
        if (keystore.isPresent() != password.isPresent()) {
            problems.add(prefix + "KEYSTORE_FILE and " + prefix + "KEYSTORE_PASSWORD go together: set both");
        }
        return pem || keystore.isPresent()
                ? Optional.of(new Settings.Tls(prefix, cert, privateKey, keystore, password))
                : Optional.empty();
    }

    private Optional<Path> file(String envName, String key) {
        Optional<Path> file = optional(envName, key).map(Path::of);
        file.filter(f -> !Files.isRegularFile(f) || !Files.isReadable(f))
                .ifPresent(f -> problems.add(envName + " is not a readable file: " + f));
        return file;
    }

    private AnalyticsSettings analytics(List<String> origins, String publicUrl) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String origin : origins) {
            hosts.add(URI.create(origin).getHost().toLowerCase(Locale.ROOT));
        }
        hosts.add(URI.create(publicUrl).getHost().toLowerCase(Locale.ROOT));
        return new AnalyticsSettings(bool("ANALYTICS_ENABLED", "analytics.enabled", true),
                                     integer("ANALYTICS_RETENTION_MONTHS", "analytics.retention-months", 13, 1, 120),
                                     words("ANALYTICS_VIEW_TYPES", "analytics.view-types", AnalyticsSettings.DEFAULT_VIEW_TYPES),
                                     words("ANALYTICS_EVENTS", "analytics.events", AnalyticsSettings.DEFAULT_EVENTS),
                                     integer("ANALYTICS_BUFFER", "analytics.buffer", 50_000, 100, 10_000_000),
                                     integer("ANALYTICS_BEACONS_PER_MINUTE", "analytics.beacons-per-minute", 120, 1,
                                             1_000_000),
                                     hosts);
    }

    private Set<String> words(String variable, String key, Set<String> fallback) {
        String text = text(variable, key, "");
        if (text.isBlank()) {
            return fallback;
        }
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.split(",")) {
            String w = word.strip();
            if (!w.matches("[a-z][a-z0-9_]{0,49}")) {
                problems.add(variable + " must be a comma-separated list of lowercase names (got '" + w + "')");
            } else {
                words.add(w);
            }
        }
        return words;
    }

    private Settings.Jobs jobs() {
        int workers = integer("JOB_WORKERS", "jobs.workers", 2, 0, 64);
        // webhooks get fewer workers than there are, so mail and indexing go on while receivers hang
        int webhookWorkers = integer("WEBHOOK_WORKERS", "webhooks.workers", Math.max(1, workers / 2), 1, 64);
        if (workers > 1 && webhookWorkers >= workers) {
            problems.add("WEBHOOK_WORKERS must be less than JOB_WORKERS (" + workers + "), so other jobs keep a worker");
        }
        return new Settings.Jobs(workers, integer("JOB_LEASE_SECONDS", "jobs.lease-seconds", 300, 5, 86_400),
                                 decimal("JOB_BACKOFF_SECONDS", "jobs.backoff-seconds", 2.0),
                                 decimal("JOB_BACKOFF_MAX_SECONDS", "jobs.backoff-max-seconds", 600.0), webhookWorkers,
                                 integer("WEBHOOK_TIMEOUT_SECONDS", "webhooks.timeout-seconds", 10, 1, 300));
    }

    private Settings.Search search() {
        Optional<URI> url = optional("ELASTICSEARCH_URL", "search.elasticsearch-url").flatMap(u -> {
            try {
                URI uri = new URI(u.replaceAll("/+$", ""));
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                        || uri.getUserInfo() != null) {
                    throw new URISyntaxException(u, "not an http(s) address");
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                // the value may hold credentials: name the variable, not the value
                problems.add("ELASTICSEARCH_URL must be an http:// or https:// address without credentials"
                                     + " (use ELASTICSEARCH_API_KEY)");
                return Optional.empty();
            }
        });
        String prefix = text("ELASTICSEARCH_INDEX_PREFIX", "search.elasticsearch-index-prefix", "bitwreckers");
        if (!prefix.matches("[a-z0-9][a-z0-9_]{0,39}")) {
            problems.add("ELASTICSEARCH_INDEX_PREFIX must be 1-40 lowercase letters, digits or underscores (got '"
                                 + prefix + "')");
        }
        String analyzer = text("ELASTICSEARCH_ANALYZER", "search.elasticsearch-analyzer", "standard");
        if (!analyzer.matches("[a-z0-9_]{1,60}")) {
            problems.add("ELASTICSEARCH_ANALYZER must name an analyzer (lowercase letters, digits, underscores)");
        }
        String fallback = text("SEARCH_FALLBACK", "search.fallback", "none");
        if (!fallback.equals("none") && !fallback.equals("postgres")) {
            problems.add("SEARCH_FALLBACK must be none or postgres (got '" + fallback + "')");
        }
        return new Settings.Search(text("SEARCH_LANGUAGE", "search.language", "simple"), url,
                                   optional("ELASTICSEARCH_API_KEY", "search.elasticsearch-api-key"), prefix, analyzer,
                                   fallback.equals("postgres"));
    }

    private Settings.Media media() {
        Set<String> allowed = Set.copyOf(Arrays.stream(
                text("MEDIA_ALLOWED_TYPES", "media.allowed-types",
                     "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm").split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).toList());
        return new Settings.Media(Path.of(text("MEDIA_DIR", "media.dir", "media")),
                                  integer("MEDIA_MAX_IMAGE_BYTES", "media.max-image-bytes", 10 * 1024 * 1024, 1024,
                                          Integer.MAX_VALUE),
                                  integer("MEDIA_MAX_VIDEO_BYTES", "media.max-video-bytes", 200 * 1024 * 1024, 1024,
                                          Integer.MAX_VALUE),
                                  integer("MEDIA_MAX_PIXELS", "media.max-pixels", 40_000_000, 1, Integer.MAX_VALUE),
                                  allowed,
                                  optional("MEDIA_CDN_URL", "media.cdn-url").map(u -> u.replaceAll("/+$", "")),
                                  optional("AWS_ENDPOINT_URL", "storage.aws-endpoint-url"),
                                  bool("AWS_S3_PATH_STYLE", "storage.aws-s3-path-style", false),
                                  bool("MEDIA_SHARED_DIR", "media.shared-dir", false));
    }

    /** PLUGINS_DIR names the jar folder; unset, the distribution's plugins folder beside the server jar is used. */
    private Settings.Plugins plugins() {
        Optional<Path> dir = optional("PLUGINS_DIR", "plugins.dir").map(Path::of).or(SettingsLoader::distributionPlugins);
        Map<String, String> values = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("PLUGIN_") && v != null) {
                values.put(k, v);
            }
        });
        return new Settings.Plugins(dir, bool("PLUGINS_FAIL_FAST", "plugins.fail-fast", false), Map.copyOf(values));
    }

    private static Optional<Path> distributionPlugins() {
        try {
            CodeSource source = SettingsLoader.class.getProtectionDomain().getCodeSource();
            Path jar = source == null ? null : Path.of(source.getLocation().toURI());
            // core's jar sits in <distribution>/libs; the plugins folder is <distribution>/plugins
            if (jar != null && Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getParent() != null
                    && jar.getParent().getFileName().toString().equals("libs")) {
                return Optional.of(jar.getParent().getParent().resolve("plugins"));
            }
        } catch (URISyntaxException | SecurityException e) {
            LOG.fine("cannot locate the distribution: " + e);
        }
        return Optional.empty();
    }

    /** The README's example token is public, so it is refused like a short one. */
    private void checkAdminToken(String token) {
        if (token.length() < MIN_ADMIN_TOKEN_LENGTH) {
            problems.add("ADMIN_API_TOKEN must be at least " + MIN_ADMIN_TOKEN_LENGTH + " characters long");
        } else if (token.toLowerCase(Locale.ROOT).contains("change-me")) {
            problems.add("ADMIN_API_TOKEN is the placeholder from the documentation; set a long random value"
                                 + " (for example: openssl rand -hex 24)");
        }
    }

    private Optional<String> secretKey() {
        Optional<String> secret = optional("SECRET_KEY", "auth.secret-key");
        boolean required = config.get("auth.require-secret-key").asBoolean().orElse(false);
        if (secret.isPresent()) {
            if (secret.get().length() < MIN_SECRET_LENGTH) {
                problems.add("SECRET_KEY must be at least " + MIN_SECRET_LENGTH + " characters long");
            }
            return secret;
        }
        if (required) {
            problems.add("SECRET_KEY is required in this profile (at least " + MIN_SECRET_LENGTH + " characters)");
            return Optional.empty();
        }
        LOG.warning("SECRET_KEY is not set: using the development key kept in the database (set SECRET_KEY in production)");
        return Optional.empty();
    }

    /** Credentials never cross an unencrypted connection: STARTTLS is required unless the operator says otherwise. */
    private Settings.Smtp smtp() {
        int port = integer("SMTP_PORT", "mail.smtp-port", 587, 1, 65535);
        Optional<String> username = optional("SMTP_USERNAME", "mail.smtp-username");
        Optional<String> password = optional("SMTP_PASSWORD", "mail.smtp-password");
        String security = text("SMTP_SECURITY", "mail.smtp-security", port == 465 ? "tls" : "starttls").strip()
                .toLowerCase(Locale.ROOT);
        if (!List.of("starttls", "tls", "none").contains(security)) {
            problems.add("SMTP_SECURITY must be starttls, tls or none (got '" + security + "')");
        } else if (security.equals("none") && (username.isPresent() || password.isPresent())) {
            problems.add("SMTP_SECURITY=none would send SMTP_USERNAME/SMTP_PASSWORD unencrypted: use starttls or tls,"
                                 + " or remove the credentials");
        }
        Optional<Path> trustedCa = optional("SMTP_CA_FILE", "mail.smtp-ca-file").map(Path::of);
        trustedCa.filter(f -> !Files.isReadable(f))
                .ifPresent(f -> problems.add("SMTP_CA_FILE is not a readable file: " + f));
        return new Settings.Smtp(optional("SMTP_HOST", "mail.smtp-host"), port, username, password, security, trustedCa);
    }

    private Optional<String> optional(String envName, String key) {
        Optional<String> fromEnv = nonBlank(env.get(envName));
        Optional<String> secretFile = nonBlank(env.get(envName + "_FILE"));
        if (fromEnv.isPresent() && secretFile.isPresent()) {
            problems.add(envName + " and " + envName + "_FILE are both set: use one");
            return fromEnv;
        }
        if (secretFile.isPresent()) {
            return fileValue(envName + "_FILE", Path.of(secretFile.get()));
        }
        return fromEnv.isPresent() ? fromEnv : config.get(key).asString().asOptional().flatMap(SettingsLoader::nonBlank);
    }

    /** A secret mounted as a file: its whole content, less the one line break editors and {@code echo} add. */
    private Optional<String> fileValue(String envName, Path file) {
        try {
            String value = Files.readString(file).replaceFirst("\\r?\\n\\z", "");
            if (value.isBlank()) {
                problems.add(envName + " names an empty file: " + file);
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IOException e) {
            // the message names the file, never its content
            problems.add(envName + " cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    private String text(String envName, String key, String fallback) {
        return optional(envName, key).orElse(fallback);
    }

    private <T> T parse(String envName, String key, String fallback, Function<String, T> parser) {
        String raw = text(envName, key, fallback);
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            problems.add(envName + " " + e.getMessage());
            return parser.apply(fallback);
        }
    }

    private int integer(String envName, String key, int fallback, int min, int max) {
        String raw = text(envName, key, Integer.toString(fallback));
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                problems.add(envName + " must be between " + min + " and " + max + " (got " + value + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(envName + " must be a whole number (got '" + raw + "')");
            return fallback;
        }
    }

    private double decimal(String envName, String key, double fallback) {
        String raw = text(envName, key, Double.toString(fallback));
        try {
            double value = Double.parseDouble(raw.strip());
            if (value < 0 || value > 3600) {
                problems.add(envName + " must be between 0 and 3600 (got " + raw + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(envName + " must be a number (got '" + raw + "')");
            return fallback;
        }
    }

    private boolean bool(String envName, String key, boolean fallback) {
        String raw = text(envName, key, Boolean.toString(fallback)).strip().toLowerCase();
        return switch (raw) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> {
                problems.add(envName + " must be true or false (got '" + raw + "')");
                yield fallback;
            }
        };
    }

    private static String origin(String value) {
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("x");
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be an http(s) URL such as https://bitwreckers.org (got '" + value + "')");
        }
    }

    private static List<String> origins(String commaList) {
        return Arrays.stream(commaList.split(",")).map(String::strip).filter(o -> !o.isEmpty())
                .map(SettingsLoader::origin).toList();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
