package org.vdfs.store.internal.ext;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

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
                .resourceProvider(new Files(set))
                .failOnMissingLocations(false)
                // a misnamed file is an error, not silently skipped
                .validateMigrationNaming(true)
                .loggers("slf4j")
                .load();
    }

    private static final class Files implements ResourceProvider {

        private final MigrationSet set;

        Files(MigrationSet set) {
            this.set = set;
        }

        @Override
        public LoadableResource getResource(String name) {
            String text = set.files().get(name);
            return text == null ? null : new SqlText(set, name, text);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            for (Map.Entry<String, String> f : set.files().entrySet()) {
                if (f.getKey().startsWith(prefix) && endsWithAny(f.getKey(), suffixes)) {
                    found.add(new SqlText(set, f.getKey(), f.getValue()));
                }
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

    private static final class SqlText extends LoadableResource {

        private final MigrationSet set;
        private final String name;
        private final String text;

        SqlText(MigrationSet set, String name, String text) {
            this.set = set;
            this.name = name;
            this.text = text;
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return set.extensionId() + "!/migrations/" + name;
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
