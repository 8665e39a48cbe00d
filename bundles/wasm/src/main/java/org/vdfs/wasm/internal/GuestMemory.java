package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * Bounds-checked access to a guest's linear memory. Guest pointers are
 * untrusted: a bad one must become an error result, never a host exception.
 */
final class GuestMemory {

    private GuestMemory() {
    }

    /** i32 arguments arrive as Java longs; the ABI's pointers and lengths are unsigned. */
    static long u32(long value) {
        return value & 0xffff_ffffL;
    }

    static void checkBounds(Memory memory, long ptr, long len, String what) throws OperationException {
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        if (ptr + len > size) {
            throw new OperationException(ErrorCodes.OUT_OF_BOUNDS, what + " at " + ptr + " (+" + len
                    + " bytes) lies outside the guest's " + size + "-byte memory");
        }
    }

    static byte[] read(Memory memory, long ptrArg, long lenArg, String what) throws OperationException {
        long ptr = u32(ptrArg);
        long len = u32(lenArg);
        checkBounds(memory, ptr, len, what);
        return memory.readBytes((int) ptr, (int) len);
    }

    /** Reads a UTF-8 string strictly: invalid UTF-8 is the guest's error. */
    static String readUtf8(Memory memory, long ptr, long len, String what) throws OperationException {
        byte[] bytes = read(memory, ptr, len, what);
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, what + " is not valid UTF-8");
        }
    }

    /** Reads a string for logging: never fails on encoding, replaces what is not UTF-8. */
    static String readLenient(Memory memory, long ptr, long len, int max) throws OperationException {
        long n = Math.min(u32(len), max);
        return new String(read(memory, ptr, n, "text"), StandardCharsets.UTF_8);
    }

    static UUID readUuid(Memory memory, long ptr, String what) throws OperationException {
        ByteBuffer b = ByteBuffer.wrap(read(memory, ptr, 16, what));
        return new UUID(b.getLong(), b.getLong());
    }

    static void write(Memory memory, long ptr, byte[] data, String what) throws OperationException {
        checkBounds(memory, u32(ptr), data.length, what);
        memory.write((int) u32(ptr), data);
    }
}
