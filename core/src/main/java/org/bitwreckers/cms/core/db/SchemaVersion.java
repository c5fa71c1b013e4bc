package org.bitwreckers.cms.core.db;

import io.helidon.dbclient.DbExecute;

/** The schema's version: the last migration Flyway applied successfully. */
public final class SchemaVersion {
    private SchemaVersion() {
    }

    /**
     * @param tx where to read it (a snapshot, for a backup)
     * @return the version ("24"), or "none" before the first migration
     */
    public static String of(DbExecute tx) {
        boolean migrated = tx.get("SELECT to_regclass('flyway_schema_history') IS NOT NULL AS migrated").orElseThrow()
                .column("migrated").get(Boolean.class);
        if (!migrated) {
            return "none";
        }
        return tx.get("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                              + " ORDER BY installed_rank DESC LIMIT 1")
                .map(r -> r.column("version").get(String.class)).orElse("none");
    }
}
