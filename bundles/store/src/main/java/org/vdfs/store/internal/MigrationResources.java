package org.vdfs.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/** Flyway's view of a migration source: resources matched by file-name prefix and suffix. */
public final class MigrationResources implements ResourceProvider {

    private final MigrationSource source;

    public MigrationResources(MigrationSource source) {
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
