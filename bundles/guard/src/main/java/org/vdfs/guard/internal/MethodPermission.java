package org.vdfs.guard.internal;

import org.vdfs.api.operation.MethodName;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationKind;

/**
 * One method permission of a manifest or grant, as the ABI defines it: a
 * prefix of the dotted name ({@code vdfs.} grants every {@code vdfs.*}), or a
 * wire-form prefix ({@code query:} grants every query, {@code action:vdfs.}
 * every action under {@code vdfs.}).
 */
record MethodPermission(String text, OperationKind kind, String prefix) {

    static MethodPermission parse(String text) {
        MethodName name = MethodName.parse(text.trim());
        return new MethodPermission(text.trim(), name.kind(), name.dotted());
    }

    boolean matches(OperationInfo operation) {
        return (kind == null || kind == operation.kind()) && operation.name().startsWith(prefix);
    }

    /** Whether everything {@code other} allows is allowed by this permission. */
    boolean covers(MethodPermission other) {
        return (kind == null || kind == other.kind) && other.prefix.startsWith(prefix);
    }

    /** Whether some operation is matched by both permissions. */
    boolean overlaps(MethodPermission other) {
        boolean kinds = kind == null || other.kind == null || kind == other.kind;
        return kinds && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
    }

    @Override
    public String toString() {
        return text;
    }
}
