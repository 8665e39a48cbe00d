package org.vdfs.api.guard;

import java.util.List;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.store.EntryScope;

/**
 * Decides every call an extension makes, and hands the runtime the limits it
 * must enforce. Grants narrow what a manifest requests; they survive restarts.
 */
@ProviderType
public interface PermissionGuard {

    /** Starts guarding an extension with what its manifest requests. */
    void enroll(String extensionId, Permissions requested);

    /** Forgets a stopped extension's live state (rate limiter); grants stay. */
    void withdraw(String extensionId);

    /**
     * Admits or refuses a call. Host callers are always admitted.
     *
     * @throws OperationException {@code permission_denied} or {@code rate_limited};
     *                            every refusal is recorded in the audit trail
     */
    void check(Caller caller, OperationInfo operation, UUID libraryId) throws OperationException;

    /** Memory cap and call deadline for an enrolled extension. */
    ResourceLimits limits(String extensionId);

    /** Re-allows a method prefix the user revoked; it must be within what the manifest requests. */
    GrantState grant(String extensionId, String methodPrefix) throws OperationException;

    /** Withdraws a method prefix (dotted or wire form) from an extension. */
    GrantState revoke(String extensionId, String methodPrefix) throws OperationException;

    /**
     * Deletes an extension's grant record (the prefixes the user revoked), e.g. when
     * it is uninstalled for good: installed again, it gets what its manifest requests.
     */
    void forget(String extensionId);

    /** Requested, revoked and effective permissions of an extension. */
    GrantState grants(String extensionId);

    /**
     * Refused calls, newest first.
     *
     * @param extensionId only this extension's, or {@code null} for all
     * @param limit       at most this many
     */
    List<AuditEntry> audit(String extensionId, int limit);

    /**
     * The entries a caller may see: an extension's manifest {@code entry_globs}, narrowed by
     * the folders the operator set for it ({@code org.vdfs.guard.scope}). Host callers, and
     * extensions with neither, get {@link EntryScope#ALL}; an extension not running gets a
     * scope that allows nothing.
     */
    EntryScope entryScope(Caller caller);

    /**
     * Admits or refuses reading ({@code write == false}) or writing a sidecar kind. An extension
     * whose manifest lists kinds may read the kinds of {@code sidecars.read} and
     * {@code sidecars.write}, and write those of {@code sidecars.write}; a list it does not give
     * leaves the decision to its method permissions. Host callers are always admitted.
     *
     * @throws OperationException {@code permission_denied}, recorded in the audit trail
     */
    void checkSidecar(Caller caller, String method, String kind, boolean write, UUID libraryId)
            throws OperationException;

    /** Whether {@link #checkSidecar} would admit the call; refuses nothing, records nothing (for listings). */
    boolean maySidecar(Caller caller, String kind, boolean write);

    /**
     * The refusal of an entry (or content) outside the caller's {@link #entryScope}, recorded in
     * the audit trail: {@code permission_denied} naming the scope.
     *
     * @param what the entry refused, as the message names it
     */
    OperationException outsideScope(Caller caller, String method, UUID libraryId, String what);
}
