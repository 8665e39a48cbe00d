package org.vdfs.store.internal.ext;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.vdfs.store.internal.MigrationResources;

/**
 * Flyway for one extension's schema: it connects as the extension's own user
 * (so a migration can do no more than the extension could), keeps its schema
 * history inside that schema, and reads the migrations from memory.
 */
final class ExtensionFlyway {

    static final String HISTORY_TABLE = "flyway_schema_history";

    private ExtensionFlyway() {
    }

    static Flyway of(DataSource asExtension, SchemaNames names, MigrationSet set) {
        // Flyway finds its plugins (H2 support among them) with ServiceLoader over
        // this class loader: inside OSGi, the wrapped Flyway bundle's own.
        return Flyway.configure(Flyway.class.getClassLoader())
                .dataSource(asExtension)
                .schemas(names.schema())
                .defaultSchema(names.schema())
                .createSchemas(false)
                .table(HISTORY_TABLE)
                .resourceProvider(new MigrationResources(set))
                .failOnMissingLocations(false)
                // a misnamed file is an error, not silently skipped
                .validateMigrationNaming(true)
                .loggers("slf4j")
                .load();
    }
}
