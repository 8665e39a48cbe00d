package org.vdfs.api.operation;

import java.util.Locale;

/** Queries read, actions change. The wire form prefixes ({@code query:}, {@code action:}) name the kind. */
public enum OperationKind {
    QUERY, ACTION;

    /** The lower-case name used in service properties and wire names. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code query} / {@code action} (any case); anything else is a query. */
    public static OperationKind parse(Object value) {
        return value != null && "action".equalsIgnoreCase(value.toString().trim()) ? ACTION : QUERY;
    }
}
