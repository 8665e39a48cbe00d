package org.vdfs.store.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database up to date with the migrations of a {@link MigrationSource}, through Flyway. */
final class Migrations {

    private Migrations() {
    }

    /** Applies what is pending; returns the number of migrations applied. */
    static int migrate(DataSource dataSource, MigrationSource source) {
        // Flyway finds its plugins (H2 support among them) with ServiceLoader over
        // this class loader: inside OSGi, the wrapped Flyway bundle's own.
        MigrateResult result = Flyway.configure(Flyway.class.getClassLoader())
                .dataSource(dataSource)
                .resourceProvider(new MigrationResources(source))
                .failOnMissingLocations(false)
                .loggers("slf4j")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
