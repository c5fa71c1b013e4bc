/** Database bootstrap: creation, Flyway migrations, the connection pool. */
package org.bitwreckers.cms.core.db;
