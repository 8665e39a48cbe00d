package org.vdfs.api.store;

import java.util.UUID;

/**
 * One piece of content, whatever paths and devices hold it.
 *
 * @param uuid       {@link ContentIds#fromBlake3(String)} of the hash
 * @param blake3Hash lower-case hex BLAKE3 of the bytes
 * @param kind       e.g. {@code image}, {@code video}, {@code document}, {@code unknown}
 */
public record ContentIdentity(UUID uuid, String blake3Hash, long sizeBytes, String kind) {
}
