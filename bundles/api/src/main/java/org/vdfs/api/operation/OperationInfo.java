package org.vdfs.api.operation;

/**
 * What the registry knows of an operation.
 *
 * @param name        dotted name, e.g. {@code extensions.list}
 * @param kind        query or action
 * @param description one line for listings
 * @param provider    who provides it: a bundle symbolic name, or an extension id
 */
public record OperationInfo(String name, OperationKind kind, String description, String provider) {

    /** The wire form of the name, e.g. {@code query:extensions.list.v1}. */
    public String wireName() {
        return kind.label() + ":" + name + ".v1";
    }
}
