package org.vdfs.api.guard;

import java.time.Instant;
import java.util.UUID;

/**
 * One refused call.
 *
 * @param time        when
 * @param extensionId who asked
 * @param method      what it asked for, as it spelled it
 * @param libraryId   for which library, or {@code null}
 * @param code        {@code permission_denied} or {@code rate_limited}
 * @param reason      why, in words
 */
public record AuditEntry(Instant time, String extensionId, String method, UUID libraryId, String code, String reason) {
}
