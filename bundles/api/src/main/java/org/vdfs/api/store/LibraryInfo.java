package org.vdfs.api.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A library: one database of its own, named by the ABI's {@code library_id}.
 *
 * @param open whether its database is open now (a closed library reopens on use)
 */
public record LibraryInfo(UUID id, String name, Instant createdAt, boolean isDefault, boolean open) {
}
