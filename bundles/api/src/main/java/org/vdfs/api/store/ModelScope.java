package org.vdfs.api.store;

import java.util.Locale;

/** What a model is attached to: exactly one of these, enforced by the database. */
public enum ModelScope {
    /** Attached to a content identity: survives every entry of that content going away. */
    CONTENT,
    /** Attached to nothing (a person, an album). */
    STANDALONE,
    /** Attached to one entry (one path on one device). */
    ENTRY;

    /** The lower-case name used in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code content}, {@code standalone} or {@code entry} (any case). */
    public static ModelScope parse(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
