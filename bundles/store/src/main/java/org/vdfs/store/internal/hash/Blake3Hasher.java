package org.vdfs.store.internal.hash;

import java.nio.ByteBuffer;

/**
 * A streaming BLAKE3 hasher (32-byte output). Not thread-safe. Close it when
 * done: the native one holds memory outside the Java heap (a cleaner frees it
 * if a caller forgets, but later).
 */
public interface Blake3Hasher extends AutoCloseable {

    /** Adds {@code length} bytes of {@code bytes} from {@code offset}. */
    Blake3Hasher update(byte[] bytes, int offset, int length);

    /** Adds the buffer's remaining bytes and moves its position to its limit. */
    Blake3Hasher update(ByteBuffer buffer);

    /** The hash of everything added so far; the hasher may take more input afterwards. */
    byte[] digest();

    /** {@link #digest()} as 64 lower-case hex digits. */
    default String hexDigest() {
        return Blake3.hex(digest());
    }

    /** Forgets everything added: the hasher starts over. */
    void reset();

    @Override
    void close();
}
