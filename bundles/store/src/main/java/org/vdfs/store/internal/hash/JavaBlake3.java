package org.vdfs.store.internal.hash;

import java.nio.ByteBuffer;
import java.util.Objects;

/** commons-codec's pure-Java BLAKE3: the fallback where the native library is not there. */
final class JavaBlake3 implements Blake3Hasher {

    private org.apache.commons.codec.digest.Blake3 state = org.apache.commons.codec.digest.Blake3.initHash();
    private byte[] scratch;

    static byte[] hash(byte[] bytes, int offset, int length) {
        byte[] out = new byte[Blake3.LENGTH];
        org.apache.commons.codec.digest.Blake3.initHash().update(bytes, offset, length).doFinalize(out);
        return out;
    }

    @Override
    public Blake3Hasher update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        open().update(bytes, offset, length);
        return this;
    }

    @Override
    public Blake3Hasher update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int n = buffer.remaining();
            update(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.limit());
            return this;
        }
        if (scratch == null) {
            scratch = new byte[64 * 1024];
        }
        while (buffer.hasRemaining()) {
            int n = Math.min(scratch.length, buffer.remaining());
            buffer.get(scratch, 0, n);
            open().update(scratch, 0, n);
        }
        return this;
    }

    @Override
    public byte[] digest() {
        byte[] out = new byte[Blake3.LENGTH];
        open().doFinalize(out);
        return out;
    }

    @Override
    public void reset() {
        open().reset();
    }

    @Override
    public void close() {
        state = null;
    }

    private org.apache.commons.codec.digest.Blake3 open() {
        if (state == null) {
            throw new IllegalStateException("this BLAKE3 hasher is closed");
        }
        return state;
    }
}
