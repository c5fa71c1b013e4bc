package org.bitwreckers.cms.core.db;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbStatementDml;
import io.helidon.dbclient.DbStatementGet;
import io.helidon.dbclient.DbStatementQuery;
import io.helidon.dbclient.DbTransaction;

/**
 * A Helidon database client whose unnamed statements get their name from the text's hash code. Helidon names each
 * unnamed statement by the SHA-256 of its text, looking the digest up among the security providers and encoding it
 * in base64 every time: 5 % of the server's samples on a form submission, for a name that only its (unused)
 * interceptors and log lines read. A hash code is computed once per text and kept by the string.
 */
public final class CheapStatementNames implements DbClient {
    private final DbClient client;

    /** @param client the client whose statements get cheap names */
    public CheapStatementNames(DbClient client) {
        this.client = client;
    }

    /**
     * @param prefix    the kind of statement
     * @param statement its text
     * @return its name
     */
    static String name(String prefix, String statement) {
        return prefix + "_" + Integer.toHexString(statement.hashCode());
    }

    @Override
    public String dbType() {
        return client.dbType();
    }

    @Override
    public DbExecute execute() {
        return new Execute(client.execute());
    }

    @Override
    public DbTransaction transaction() {
        DbTransaction tx = client.transaction();
        return new Transaction(tx);
    }

    @Override
    public <C> C unwrap(Class<C> cls) {
        return client.unwrap(cls);
    }

    @Override
    public void close() {
        client.close();
    }

    /** Statements of one execution; each unnamed one named by its hash code, the rest passed on. */
    private static class Execute implements DbExecute {
        private final DbExecute execute;

        Execute(DbExecute execute) {
            this.execute = execute;
        }

        @Override
        public DbStatementQuery createNamedQuery(String name, String statement) {
            return execute.createNamedQuery(name, statement);
        }

        @Override
        public DbStatementQuery createNamedQuery(String name) {
            return execute.createNamedQuery(name);
        }

        @Override
        public DbStatementQuery createQuery(String statement) {
            return execute.createNamedQuery(name("q", statement), statement);
        }

        @Override
        public DbStatementGet createNamedGet(String name, String statement) {
            return execute.createNamedGet(name, statement);
        }

        @Override
        public DbStatementGet createNamedGet(String name) {
            return execute.createNamedGet(name);
        }

        @Override
        public DbStatementGet createGet(String statement) {
            return execute.createNamedGet(name("g", statement), statement);
        }

        @Override
        public DbStatementDml createNamedInsert(String name, String statement) {
            return execute.createNamedInsert(name, statement);
        }

        @Override
        public DbStatementDml createNamedInsert(String name) {
            return execute.createNamedInsert(name);
        }

        @Override
        public DbStatementDml createInsert(String statement) {
            return execute.createNamedInsert(name("i", statement), statement);
        }

        @Override
        public DbStatementDml createNamedUpdate(String name, String statement) {
            return execute.createNamedUpdate(name, statement);
        }

        @Override
        public DbStatementDml createNamedUpdate(String name) {
            return execute.createNamedUpdate(name);
        }

        @Override
        public DbStatementDml createUpdate(String statement) {
            return execute.createNamedUpdate(name("u", statement), statement);
        }

        @Override
        public DbStatementDml createNamedDelete(String name, String statement) {
            return execute.createNamedDelete(name, statement);
        }

        @Override
        public DbStatementDml createNamedDelete(String name) {
            return execute.createNamedDelete(name);
        }

        @Override
        public DbStatementDml createDelete(String statement) {
            return execute.createNamedDelete(name("d", statement), statement);
        }

        @Override
        public DbStatementDml createNamedDmlStatement(String name, String statement) {
            return execute.createNamedDmlStatement(name, statement);
        }

        @Override
        public DbStatementDml createNamedDmlStatement(String name) {
            return execute.createNamedDmlStatement(name);
        }

        @Override
        public DbStatementDml createDmlStatement(String statement) {
            return execute.createNamedDmlStatement(name("dml", statement), statement);
        }

        @Override
        public <C> C unwrap(Class<C> cls) {
            return execute.unwrap(cls);
        }
    }

    /** A transaction's statements, named the same way. */
    private static final class Transaction extends Execute implements DbTransaction {
        private final DbTransaction tx;

        Transaction(DbTransaction tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void commit() {
            tx.commit();
        }

        @Override
        public void rollback() {
            tx.rollback();
        }
    }
}
