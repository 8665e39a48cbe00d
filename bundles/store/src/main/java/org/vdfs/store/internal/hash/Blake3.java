package org.vdfs.store.internal.hash;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one way to BLAKE3: the official BLAKE3 implementation (Rust,
 * with SSE4.1/AVX2/AVX-512 chosen at run time) through JNI where the bundle
 * carries it for this platform, else commons-codec's pure-Java one. Both give
 * the same bytes (content uuids derive from them), which a self-check confirms
 * before the native one is used.
 */
public final class Blake3 {

    /** Bytes in a BLAKE3 hash. */
    public static final int LENGTH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(Blake3.class);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final boolean NATIVE;

    static {
        String problem = NativeBlake3.problem();
        NATIVE = problem == null;
        if (NATIVE) {
            LOG.info("BLAKE3: native (official BLAKE3 with SIMD, through JNI)");
        } else {
            LOG.info("BLAKE3: pure Java (commons-codec); the native one is not available: {}", problem);
        }
    }

    private Blake3() {
    }

    /** A new streaming hasher. */
    public static Blake3Hasher newHasher() {
        return NATIVE ? new NativeBlake3() : new JavaBlake3();
    }

    /** The hash of the bytes. */
    public static byte[] hash(byte[] bytes) {
        return hash(bytes, 0, bytes.length);
    }

    /** The hash of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static byte[] hash(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return NATIVE ? NativeBlake3.hash(bytes, offset, length) : JavaBlake3.hash(bytes, offset, length);
    }

    /** The hash of the bytes as 64 lower-case hex digits. */
    public static String hexHash(byte[] bytes) {
        return hex(hash(bytes));
    }

    /** {@code "native"} or {@code "java"}: which implementation this JVM uses. */
    public static String implementation() {
        return NATIVE ? "native" : "java";
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
