package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.util.HashMap;
import java.util.Map;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * One instance of an extension's module with its exports looked up once.
 * Not thread-safe, like the Chicory instance it wraps: the pool lends it to
 * one caller at a time.
 */
final class GuestInstance {

    /** Filled in once Chicory has built the instance; host functions are linked before that. */
    static final class Slot {
        GuestInstance guest;
    }

    final Instance instance;
    final Memory memory;
    private final ExportFunction alloc;
    private final ExportFunction free;
    private final Map<String, ExportFunction> exports = new HashMap<>();

    GuestInstance(Instance instance) {
        this.instance = instance;
        this.memory = instance.memory();
        this.alloc = export(instance, "wasm_alloc");
        this.free = export(instance, "wasm_free");
    }

    private static ExportFunction export(Instance instance, String name) {
        return exports(instance, name) ? instance.export(name) : null;
    }

    /** Whether the module exports a function of that name (Chicory's own lookup throws when it does not). */
    static boolean exports(Instance instance, String name) {
        return LoadedModule.exportedFunctionType(instance.module(), name) != null;
    }

    /**
     * Copies {@code data} into guest memory it allocates with {@code wasm_alloc}.
     *
     * @return the guest pointer, or 0 if the guest has no allocator or it failed
     */
    int copyIn(byte[] data, int prefixLength) throws OperationException {
        if (alloc == null) {
            return 0;
        }
        int total = prefixLength + data.length;
        long ptr = GuestMemory.u32(alloc.apply(total)[0]);
        if (ptr == 0) {
            return 0;
        }
        GuestMemory.checkBounds(memory, ptr, total, "the buffer wasm_alloc returned");
        if (prefixLength == 4) {
            memory.writeI32((int) ptr, data.length);
        }
        memory.write((int) ptr + prefixLength, data);
        return (int) ptr;
    }

    /** Writes a {@code spacedrive_call} result: u32 little-endian length, then the bytes. */
    int writeResult(byte[] result) throws OperationException {
        return copyIn(result, 4);
    }

    /** Reads a length-prefixed result buffer the guest returned, and frees it. */
    byte[] takeResult(long ptrArg, String what) throws OperationException {
        long ptr = GuestMemory.u32(ptrArg);
        if (ptr == 0) {
            throw new OperationException(ErrorCodes.INTERNAL, what + " returned no result (null pointer)");
        }
        GuestMemory.checkBounds(memory, ptr, 4, what + "'s result length");
        long len = GuestMemory.u32(memory.readInt((int) ptr));
        byte[] bytes = GuestMemory.read(memory, ptr + 4, len, what + "'s result");
        free((int) ptr, (int) (4 + len));
        return bytes;
    }

    void free(int ptr, int size) {
        if (free != null && ptr != 0) {
            free.apply(ptr, size);
        }
    }

    /** An exported function, looked up once per instance. */
    ExportFunction function(String name) {
        return exports.computeIfAbsent(name, instance::export);
    }

    boolean hasAllocator() {
        return alloc != null;
    }

    long memoryBytes() {
        return memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
    }
}
