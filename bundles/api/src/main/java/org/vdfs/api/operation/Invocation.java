package org.vdfs.api.operation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * One call of an operation.
 *
 * @param operation the resolved dotted name
 * @param caller    who calls
 * @param libraryId the library the call is about, or {@code null} for none
 * @param input     the JSON input ({@code NullNode} when the caller sent none)
 */
public record Invocation(String operation, Caller caller, UUID libraryId, JsonNode input) {
}
