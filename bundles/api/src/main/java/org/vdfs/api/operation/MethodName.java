package org.vdfs.api.operation;

import java.util.regex.Pattern;

/**
 * A method as a caller spelled it, reduced to the dotted registry name. The
 * seeds use two spellings for the same operation: {@code vdfs.add_tag} and the
 * wire form {@code action:vdfs.add_tag.input} / {@code query:ai.ocr.v1}; the
 * wire form also fixes the kind.
 *
 * @param dotted the registry name
 * @param kind   the kind the wire form demands, or {@code null} for a dotted name
 */
public record MethodName(String dotted, OperationKind kind) {

    private static final Pattern WIRE_SUFFIX = Pattern.compile("\\.(v\\d+|input|output)$");

    /** Reads a dotted name or a wire form. */
    public static MethodName parse(String method) {
        OperationKind kind = null;
        String rest = method;
        if (method.startsWith("query:")) {
            kind = OperationKind.QUERY;
            rest = method.substring(6);
        } else if (method.startsWith("action:")) {
            kind = OperationKind.ACTION;
            rest = method.substring(7);
        }
        if (kind != null) {
            rest = WIRE_SUFFIX.matcher(rest).replaceFirst("");
        }
        return new MethodName(rest, kind);
    }
}
