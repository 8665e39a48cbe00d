package org.vdfs.api.store;

import java.util.List;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Extension-owned tables: SQL an extension runs in its own schema of a library,
 * on a database connection that logs in as the extension's own database user,
 * which owns that schema and has no rights anywhere else. Isolation is the
 * database's: naming another extension's table or a core table fails there.
 * The operations {@code ext.sql.query} and {@code ext.sql.execute} call this;
 * rules and shapes in docs/store.md.
 */
@ProviderType
public interface ExtensionSql {

    /** At most this many rows come back from one query; more are cut and the result says so. */
    int MAX_ROWS = 10_000;

    /** A statement runs at most this long before the database cancels it. */
    int TIMEOUT_SECONDS = 30;

    /**
     * Runs one query with bound parameters.
     *
     * @param libraryId   the library, {@code null} for the default one
     * @param extensionId whose schema (and database user)
     * @param sql         one statement; parameters as {@code ?}
     * @param params      values for the parameters: {@code String}, {@code Long}/{@code Integer},
     *                    {@code Double}, {@code java.math.BigDecimal}, {@code Boolean} or {@code null}
     */
    SqlRows query(UUID libraryId, String extensionId, String sql, List<Object> params) throws StoreException;

    /** Runs one changing statement (DML or DDL in the extension's schema); returns the update count. */
    long execute(UUID libraryId, String extensionId, String sql, List<Object> params) throws StoreException;

    /**
     * What a query returned.
     *
     * @param columns   column labels, in order
     * @param rows      the rows (at most {@link #MAX_ROWS}); values are {@code String}, {@code Long},
     *                  {@code Integer}, {@code Double}, {@code java.math.BigDecimal}, {@code Boolean},
     *                  {@code byte[]} or {@code null}; other SQL types (dates, uuids…) as their text
     * @param truncated whether the query had more rows than {@link #MAX_ROWS}
     */
    record SqlRows(List<String> columns, List<List<Object>> rows, boolean truncated) {
    }
}
