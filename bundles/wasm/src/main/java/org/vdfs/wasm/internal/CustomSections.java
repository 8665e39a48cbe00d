package org.vdfs.wasm.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds a custom section in a module's binary without parsing the whole
 * module: the manifest must be readable even from a module that will fail
 * validation, so the error can name the extension.
 */
final class CustomSections {

    private CustomSections() {
    }

    /** @return the section's payload, or {@code null} if absent or the binary is damaged */
    static byte[] find(byte[] wasm, String name) {
        if (wasm == null || wasm.length < 8) {
            return null;
        }
        int[] pos = { 8 };
        while (pos[0] < wasm.length) {
            int id = wasm[pos[0]++] & 0xff;
            long size = leb(wasm, pos);
            if (size < 0 || pos[0] + size > wasm.length) {
                return null;
            }
            int end = (int) (pos[0] + size);
            if (id == 0) {
                long nameLen = leb(wasm, pos);
                if (nameLen >= 0 && pos[0] + nameLen <= end) {
                    String n = new String(wasm, pos[0], (int) nameLen, StandardCharsets.UTF_8);
                    if (n.equals(name)) {
                        return Arrays.copyOfRange(wasm, (int) (pos[0] + nameLen), end);
                    }
                }
            }
            pos[0] = end;
        }
        return null;
    }

    private static long leb(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= b.length) {
                return -1;
            }
            int x = b[pos[0]++] & 0xff;
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        return -1;
    }
}
