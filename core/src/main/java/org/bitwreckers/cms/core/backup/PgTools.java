package org.bitwreckers.cms.core.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.bitwreckers.cms.core.config.DatabaseUrl;

/**
 * PostgreSQL's own client tools, run as child processes: {@code pg_dump} in custom format and {@code pg_restore}. The
 * password travels in the child's environment (PGPASSWORD), never on its command line, where {@code ps} would show it.
 * The client should be the server's major version or newer.
 */
public final class PgTools {
    private final Optional<Path> binDir;

    /**
     * @param binDir folder of pg_dump and pg_restore; empty to find them on the PATH
     */
    public PgTools(Optional<Path> binDir) {
        this.binDir = binDir;
    }

    /**
     * Dumps the database as it was when a snapshot was exported, in pg_dump's custom format.
     *
     * @param url         the database
     * @param snapshot    id from {@code pg_export_snapshot()}, held open by the caller while this runs
     * @param withoutData tables whose definitions are dumped but not their rows (derived data)
     * @param target      the dump file
     */
    void dump(DatabaseUrl url, String snapshot, List<String> withoutData, Path target) {
        List<String> args = new ArrayList<>(List.of("--format=custom", "--no-owner", "--no-privileges",
                                                     "--snapshot=" + snapshot, "--file=" + target));
        withoutData.forEach(t -> args.add("--exclude-table-data=" + t));
        run("pg_dump", url, args);
    }

    /**
     * Restores a custom-format dump in one transaction: all of it or nothing, less the entries left out.
     *
     * @param url     the (empty) database
     * @param dump    the dump file
     * @param leftOut which lines of the dump's table of contents ({@code pg_restore --list}) not to restore
     */
    void restore(DatabaseUrl url, Path dump, Predicate<String> leftOut) {
        try {
            Path contents = Files.createTempFile("bitwreckers-restore", ".list");
            try {
                List<String> kept = run("pg_restore", null, List.of("--list", dump.toString())).lines()
                        .filter(line -> !leftOut.test(line)).toList();
                Files.write(contents, kept, StandardCharsets.UTF_8);
                run("pg_restore", url, List.of("--no-owner", "--no-privileges", "--single-transaction",
                                               "--exit-on-error", "--use-list=" + contents, dump.toString()));
            } finally {
                Files.deleteIfExists(contents);
            }
        } catch (IOException e) {
            throw new BackupException("Cannot write the restore's list of contents: " + e.getMessage(), e);
        }
    }

    /** @return the version line of pg_dump, for the manifest */
    String version() {
        return run("pg_dump", null, List.of("--version")).strip();
    }

    private String run(String tool, DatabaseUrl url, List<String> toolArgs) {
        List<String> command = new ArrayList<>();
        command.add(binDir.map(d -> d.resolve(tool).toString()).orElse(tool));
        if (url != null) {
            command.add("--host=" + url.host());
            command.add("--port=" + url.port());
            if (!url.user().isEmpty()) {
                command.add("--username=" + url.user());
            }
            command.add("--dbname=" + url.database());
            command.add("--no-password"); // never wait for a password prompt
        }
        command.addAll(toolArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        if (url != null) {
            env.put("PGCONNECT_TIMEOUT", "10");
            if (!url.password().isEmpty()) {
                env.put("PGPASSWORD", url.password());
            }
            sslMode(url).ifPresent(mode -> env.put("PGSSLMODE", mode));
        }
        try {
            Path output = Files.createTempFile("bitwreckers-" + tool, ".log");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                int exit = process.waitFor();
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (exit != 0) {
                    throw new BackupException(tool + " failed (exit " + exit + "): " + text.strip());
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new BackupException("Cannot run " + command.getFirst() + " (" + e.getMessage() + "): install"
                                              + " PostgreSQL's client tools of the server's major version or newer"
                                              + " (Debian: postgresql-client) or name their folder with --pg-bin", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(tool + " was interrupted", e);
        }
    }

    /** The one DATABASE_URL parameter libpq shares with JDBC: sslmode. */
    private static Optional<String> sslMode(DatabaseUrl url) {
        for (String pair : url.query().split("&")) {
            if (pair.startsWith("sslmode=")) {
                return Optional.of(pair.substring("sslmode=".length()));
            }
        }
        return Optional.empty();
    }
}
