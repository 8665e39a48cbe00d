package org.vdfs.store.internal.hash;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The official BLAKE3 (Rust crate, SIMD) through JNI: {@code libvdfsblake3.so},
 * built from {@code src/main/native/blake3-jni} and carried by the bundle as
 * {@code Bundle-NativeCode} for Linux x86-64. Java checks every index before a
 * native call: the native side trusts them.
 */
final class NativeBlake3 implements Blake3Hasher {

    static final String LIBRARY = "vdfsblake3";
    /** Most bytes of a Java array hashed per native call: the array is pinned, and the GC held off, meanwhile. */
    private static final int ARRAY_PIECE = 1 << 20;

    private static final String PROBLEM = load();
    private static final Cleaner CLEANER = PROBLEM == null ? Cleaner.create() : null;

    /** The native hasher's address, 0 once closed; freed by {@link #cleanable} exactly once. */
    private final Handle handle;
    private final Cleaner.Cleanable cleanable;

    NativeBlake3() {
        handle = new Handle(create());
        cleanable = CLEANER.register(this, handle);
    }

    /** Why the native library cannot be used here, or null when it can. */
    static String problem() {
        return PROBLEM;
    }

    static byte[] hash(byte[] bytes, int offset, int length) {
        if (length > ARRAY_PIECE) {
            try (NativeBlake3 h = new NativeBlake3()) {
                return h.update(bytes, offset, length).digest();
            }
        }
        byte[] out = new byte[Blake3.LENGTH];
        hashArray(bytes, offset, length, out);
        return out;
    }

    @Override
    public Blake3Hasher update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long hasher = open();
        for (int done = 0; done < length; done += ARRAY_PIECE) {
            updateArray(hasher, bytes, offset + done, Math.min(ARRAY_PIECE, length - done));
        }
        return this;
    }

    @Override
    public Blake3Hasher update(ByteBuffer buffer) {
        int position = buffer.position();
        int length = buffer.remaining();
        if (buffer.isDirect()) {
            updateDirect(open(), buffer, position, length);
        } else if (buffer.hasArray()) {
            update(buffer.array(), buffer.arrayOffset() + position, length);
        } else { // a read-only heap buffer: no access to its array
            byte[] piece = new byte[Math.min(length, ARRAY_PIECE)];
            ByteBuffer source = buffer.duplicate();
            while (source.hasRemaining()) {
                int n = Math.min(piece.length, source.remaining());
                source.get(piece, 0, n);
                update(piece, 0, n);
            }
        }
        buffer.position(position + length);
        return this;
    }

    @Override
    public byte[] digest() {
        byte[] out = new byte[Blake3.LENGTH];
        digest(open(), out);
        return out;
    }

    @Override
    public void reset() {
        reset(open());
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    private long open() {
        long address = handle.address;
        if (address == 0) {
            throw new IllegalStateException("this BLAKE3 hasher is closed");
        }
        return address;
    }

    /** Frees the native hasher: on close, or when the hasher is unreachable. */
    private static final class Handle implements Runnable {
        volatile long address;

        Handle(long address) {
            this.address = address;
        }

        @Override
        public void run() {
            long a = address;
            address = 0;
            free(a);
        }
    }

    /** Loads the library and checks it against the pure-Java hasher; null when it is usable. */
    private static String load() {
        try {
            System.loadLibrary(LIBRARY);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return "no lib" + LIBRARY + " for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + " (" + e.getMessage() + ")";
        }
        try {
            // more than one 1 KiB chunk and a partial one: the tree, not just one compression
            byte[] sample = new byte[3 * 1024 + 7];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (byte) (i % 251);
            }
            byte[] expected = JavaBlake3.hash(sample, 0, sample.length);
            if (!Arrays.equals(hash(sample, 0, sample.length), expected)) {
                return "lib" + LIBRARY + " disagrees with the pure-Java BLAKE3";
            }
        } catch (UnsatisfiedLinkError e) {
            return "lib" + LIBRARY + " lacks a function (" + e.getMessage() + ")";
        }
        return null;
    }

    private static native long create();

    private static native void updateDirect(long hasher, ByteBuffer buffer, int offset, int length);

    private static native void updateArray(long hasher, byte[] bytes, int offset, int length);

    private static native void digest(long hasher, byte[] out);

    private static native void reset(long hasher);

    private static native void free(long hasher);

    private static native void hashArray(byte[] bytes, int offset, int length, byte[] out);
}
