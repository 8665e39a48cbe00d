package org.vdfs.api.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A folder indexed into a library.
 *
 * @param uuid      the location's id
 * @param name      the folder's own name
 * @param path      the folder's absolute real path (symbolic links resolved when it was added)
 * @param createdAt when it was added
 * @param entries   how many entries the library holds for it
 */
public record LocationInfo(UUID uuid, String name, String path, Instant createdAt, long entries) {
}
