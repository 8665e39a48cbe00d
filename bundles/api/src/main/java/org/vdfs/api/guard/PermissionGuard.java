package org.vdfs.api.guard;

import java.util.List;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationInfo;

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
}
