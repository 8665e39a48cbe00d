package org.vdfs.api.operation;

import java.util.Objects;

/**
 * Who is calling. Extensions are held to their manifest and grants; host
 * callers (the shell, embedding Java code) are trusted by the guard.
 */
public record Caller(String id, boolean extension) {

    public Caller {
        Objects.requireNonNull(id, "id");
    }

    public static Caller extension(String extensionId) {
        return new Caller(extensionId, true);
    }

    public static Caller host(String name) {
        return new Caller(name, false);
    }

    @Override
    public String toString() {
        return (extension ? "extension " : "host ") + id;
    }
}
