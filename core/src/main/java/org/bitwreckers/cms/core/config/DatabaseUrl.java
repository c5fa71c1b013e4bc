package org.bitwreckers.cms.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * DATABASE_URL in its {@code postgresql://user:password@host[:port]/database} form, split into what JDBC needs.
 *
 * @param host     server host
 * @param port     server port
 * @param database database name
 * @param user     user name (may be empty: the driver then uses the OS user)
 * @param password password (may be empty)
 * @param query    extra JDBC parameters, without the leading '?' (may be empty)
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, String query) {
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,62}");

    /**
     * Parses a DATABASE_URL value.
     *
     * @param value postgresql://, postgres:// or jdbc:postgresql:// URL
     * @return the parsed URL
     * @throws IllegalArgumentException with a message fit for an operator if the value is malformed
     */
    public static DatabaseUrl parse(String value) {
        String text = value.strip();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL (expected postgresql://user:password@host:5432/database)");
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException("must start with postgresql:// (got '" + scheme + "')");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("names no host (expected postgresql://user:password@host:5432/database)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("needs a database name of letters, digits, '_' or '-' after the host");
        }
        String user = "";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            // split before decoding (an escaped ':' belongs to the password); only %XX escapes decode, '+' stays '+'
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        return new DatabaseUrl(uri.getHost(), port, database, user, password, query);
    }

    /**
     * @param newPassword DATABASE_PASSWORD, kept apart from the URL (a secret file)
     * @return this address with that password
     */
    public DatabaseUrl withPassword(String newPassword) {
        return new DatabaseUrl(host, port, database, user, newPassword, query);
    }

    /** @return the JDBC URL of this database */
    public String jdbcUrl() {
        return jdbcUrlOf(database);
    }

    /**
     * @param otherDatabase another database on the same server
     * @return its JDBC URL (used to reach the maintenance database when ours does not exist yet)
     */
    public String jdbcUrlOf(String otherDatabase) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + otherDatabase + (query.isEmpty() ? "" : "?" + query);
    }

    /** @return host:port, for messages */
    public String address() {
        return host + ":" + port;
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "postgresql://" + (user.isEmpty() ? "" : user + "@") + address() + "/" + database;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
