package org.vdfs.api.operation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one registry of operations (the seeds' "Wire" registry). Every caller,
 * WASM guest, shell, HTTP or Java, goes through {@link #call}, and so through
 * the same permission guard.
 */
@ProviderType
public interface OperationRegistry {

    /**
     * Calls an operation by its dotted name ({@code vdfs.query_entries}) or its
     * wire form ({@code query:vdfs.query_entries.v1}, {@code action:vdfs.add_tag.input}).
     *
     * @param libraryId the library, or {@code null}
     * @param input     JSON input, or {@code null} for none
     */
    JsonNode call(Caller caller, String method, UUID libraryId, JsonNode input) throws OperationException;

    /** Resolves a dotted or wire name to the operation it names. */
    Optional<OperationInfo> find(String method);

    /** Every registered operation, sorted by name. */
    List<OperationInfo> list();
}
