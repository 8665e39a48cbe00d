package org.vdfs.api.store;

import java.time.Instant;
import java.util.UUID;

/** A user collection: an ordered set of entries, content and models. */
public record CollectionInfo(UUID uuid, String name, Instant createdAt) {
}
