package org.bitwreckers.cms.core.document;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.query.Column;
import org.bitwreckers.cms.core.query.View;

/**
 * Creates the PostgreSQL indexes the descriptors ask for: a partial expression index per filterable or sortable
 * field over the published data (the delivery hot path), a second, descending one per sortable field, both on the
 * table of published documents so that inserting a draft never touches them (migration V33), and a unique index per
 * unique field over the drafts.
 * The expressions are exactly the ones {@link Column} compiles queries to, so the planner can use them.
 */
public final class IndexManager {
    private static final Logger LOG = Logger.getLogger(IndexManager.class.getName());
    private static final String PUBLISHED = View.PUBLISHED.table();

    private IndexManager() {
    }

    /**
     * Creates missing indexes for every type.
     *
     * @param db       database client
     * @param registry content types
     */
    public static void ensureIndexes(DbClient db, ContentTypeRegistry registry) {
        // one catalogue read instead of a hundred DDL statements at every start: only missing objects are created
        // (as before, an object of the same name counts as present)
        Set<String> existing = existing(db);
        for (ContentType type : registry.all()) {
            for (FieldDefinition field : type.fields()) {
                Column column = Column.resolve(type, field.name()).orElseThrow();
                // DDL takes no bind parameters; names come from descriptors checked against a strict pattern.
                if ((field.filterable() || field.sortable()) && !field.isList()) {
                    create(db, existing, "CREATE INDEX", IndexNames.published(type, field),
                           " ON " + PUBLISHED + " (" + column.expression(View.PUBLISHED.column()) + ") WHERE type = '"
                           + type.name() + "'");
                }
                // PostgreSQL keeps no statistics for partial indexes: without these it takes every filter on the field
                // for a rare one and sorts all matches instead of reading a sorted index up to the page's end. They
                // span every type, so only text expressions: a cast would fail ANALYZE on another type's value.
                if ((field.filterable() || field.sortable()) && !field.isList() && !column.cast()) {
                    create(db, existing, "CREATE STATISTICS", IndexNames.statistics(type, field),
                           " ON (" + column.expression(View.PUBLISHED.column()) + ") FROM " + PUBLISHED);
                }
                if (field.sortable() && !field.isList()) {
                    // descending sorts keep nulls last, an order the ascending index cannot give read backwards
                    create(db, existing, "CREATE INDEX", IndexNames.publishedDescending(type, field),
                           " ON " + PUBLISHED + " (" + column.expression(View.PUBLISHED.column())
                           + " DESC NULLS LAST) WHERE type = '" + type.name() + "'");
                }
                if (field.filterable() && field.isList()) {
                    create(db, existing, "CREATE INDEX", IndexNames.published(type, field),
                           " ON " + PUBLISHED + " USING gin (" + column.jsonExpression(View.PUBLISHED.column())
                           + ") WHERE type = '" + type.name() + "'");
                }
                if (field.unique()) {
                    create(db, existing, "CREATE UNIQUE INDEX", IndexNames.unique(type, field),
                           " ON documents (" + column.expression(View.ADMIN.column()) + ") WHERE type = '"
                           + type.name() + "'");
                }
            }
        }
        LOG.fine(() -> "Checked descriptor indexes");
    }

    private static Set<String> existing(DbClient db) {
        try (Stream<DbRow> rows = db.execute().query(
                "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
                        + " AND tablename IN ('documents', '" + PUBLISHED + "')"
                        + " UNION ALL SELECT stxname FROM pg_statistic_ext"
                        + " WHERE stxnamespace = current_schema()::regnamespace")) {
            Set<String> names = new HashSet<>();
            rows.forEach(r -> names.add(r.column("name").get(String.class)));
            return names;
        }
    }

    private static void create(DbClient db, Set<String> existing, String create, String name, String definition) {
        if (!existing.contains(name)) {
            db.execute().dml(create + " IF NOT EXISTS " + name + definition);
        }
    }
}
