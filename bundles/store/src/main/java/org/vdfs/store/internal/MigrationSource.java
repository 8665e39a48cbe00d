package org.vdfs.store.internal;

import java.io.IOException;
import java.util.List;

/**
 * A folder of SQL migration files, wherever it lives: a bundle's entries in
 * OSGi ({@link BundleMigrationSource}), a directory in tests. Flyway's own
 * {@code classpath:} scanning finds nothing inside OSGi, so it reads through this.
 */
public interface MigrationSource {

    /** The file names (no folder), e.g. {@code V1__core_schema.sql}. */
    List<String> fileNames() throws IOException;

    /** The text of one file (UTF-8). */
    String read(String fileName) throws IOException;

    /** Where the files are, for messages. */
    String describe();
}
