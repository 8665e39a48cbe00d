package org.vdfs.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

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
                .resourceProvider(new SourceResources(source))
                .failOnMissingLocations(false)
                .loggers("slf4j")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    /** Flyway's view of a migration source: resources matched by file-name prefix and suffix. */
    private static final class SourceResources implements ResourceProvider {

        private final MigrationSource source;

        SourceResources(MigrationSource source) {
            this.source = source;
        }

        @Override
        public LoadableResource getResource(String name) {
            try {
                return source.fileNames().contains(name) ? new SqlFile(source, name) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list migrations of " + source.describe(), e);
            }
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            try {
                for (String name : source.fileNames()) {
                    if (name.startsWith(prefix) && endsWithAny(name, suffixes)) {
                        found.add(new SqlFile(source, name));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list migrations of " + source.describe(), e);
            }
            return found;
        }

        private static boolean endsWithAny(String name, String[] suffixes) {
            for (String suffix : suffixes) {
                if (name.endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class SqlFile extends LoadableResource {

        private final MigrationSource source;
        private final String name;

        SqlFile(MigrationSource source, String name) {
            this.source = source;
            this.name = name;
        }

        @Override
        public Reader read() {
            try {
                return new StringReader(source.read(name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " from " + source.describe(), e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return source.describe() + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
