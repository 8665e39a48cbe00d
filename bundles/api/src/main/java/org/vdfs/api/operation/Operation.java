package org.vdfs.api.operation;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One named operation of the registry. Register an implementation as an OSGi
 * service with the {@link #NAME} property (and optionally {@link #KIND} and
 * {@link #DESCRIPTION}); the registry picks it up (whiteboard pattern) and
 * serves it to WASM guests, the shell and HTTP alike, behind the permission guard.
 */
@ConsumerType
public interface Operation {

    /** Service property: the dotted name, e.g. {@code vdfs.query_entries}. Required. */
    String NAME = "vdfs.operation.name";
    /** Service property: {@code query} (default) or {@code action}. */
    String KIND = "vdfs.operation.kind";
    /** Service property: one line a user reads in listings. */
    String DESCRIPTION = "vdfs.operation.description";

    /**
     * Runs the operation. The guard has already admitted the caller.
     *
     * @return the result value (never {@code null}; use {@code NullNode} for "nothing")
     * @throws OperationException with a stable code the caller can act on
     */
    JsonNode invoke(Invocation invocation) throws OperationException;
}
