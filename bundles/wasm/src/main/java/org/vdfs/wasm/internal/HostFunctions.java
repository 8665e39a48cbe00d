package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * The {@code spacedrive} import module, bound to one extension. Only the
 * functions a module imports are linked. No host function lets an exception
 * escape into the guest: bad pointers, bad UTF-8 and bad JSON become error
 * results (or a logged warning where the function returns nothing).
 */
final class HostFunctions {

    private static final long[] NONE = new long[0];
    private static final long[] OK = { 0 };
    private static final long[] FAILED = { 1 };
    private static final int MAX_LOG_BYTES = 16 * 1024;

    private final WasmExtension ext;
    private final Caller caller;
    private final Logger guestLog;

    HostFunctions(WasmExtension ext, Logger guestLog) {
        this.ext = ext;
        this.caller = Caller.extension(ext.id());
        this.guestLog = guestLog;
    }

    ImportValues link(Set<AbiImport> imports, GuestInstance.Slot slot) {
        ImportValues.Builder b = ImportValues.builder();
        for (AbiImport abi : imports) {
            b.addFunction(new HostFunction(AbiImport.MODULE, abi.importName(), abi.type(),
                    (instance, args) -> dispatch(abi, slot, instance, args)));
        }
        return b.build();
    }

    private long[] dispatch(AbiImport abi, GuestInstance.Slot slot, Instance instance, long[] args) {
        switch (abi) {
            case SPACEDRIVE_CALL:
                return new long[] { call(slot.guest, args) };
            case SPACEDRIVE_LOG:
                log(instance.memory(), args);
                return NONE;
            case REGISTER_JOB:
                return register(instance.memory(), args, true);
            case REGISTER_OPERATION:
                return register(instance.memory(), args, false);
            default:
                return ext.jobs().handle(abi, instance.memory(), args);
        }
    }

    /** {@code spacedrive_call}: guest → registry (→ guard → operation) → length-prefixed result in guest memory. */
    private long call(GuestInstance guest, long[] args) {
        Memory memory = guest.memory;
        byte[] result;
        ext.stats.hostCalls.increment();
        try {
            String method = GuestMemory.readUtf8(memory, args[0], args[1], "the method name");
            UUID library = GuestMemory.u32(args[2]) == 0 ? null : GuestMemory.readUuid(memory, args[2], "the library id");
            long len = GuestMemory.u32(args[4]);
            if (len > ext.options().maxPayloadBytes()) {
                throw new OperationException(ErrorCodes.PAYLOAD_TOO_LARGE, "the payload of " + len
                        + " bytes is larger than the limit of " + ext.options().maxPayloadBytes() + " bytes");
            }
            JsonNode input = len == 0 ? null : Json.parse(GuestMemory.read(memory, args[3], len, "the payload"), "the payload");
            result = Json.ok(ext.registry().call(caller, method, library, input));
        } catch (OperationException e) {
            ext.stats.failedHostCalls.increment();
            result = Json.error(e.code(), e.getMessage());
        } catch (RuntimeException e) { // a host bug must not become a trap in the guest
            ext.stats.failedHostCalls.increment();
            guestLog.warn("spacedrive_call failed in the host", e);
            result = Json.error(ErrorCodes.INTERNAL, "the host failed: " + e);
        }
        try {
            return guest.writeResult(result);
        } catch (OperationException e) {
            guestLog.warn("cannot hand a result back: {}", e.getMessage());
            return 0;
        }
    }

    private void log(Memory memory, long[] args) {
        String text;
        try {
            text = GuestMemory.readLenient(memory, args[1], args[2], MAX_LOG_BYTES);
        } catch (OperationException e) {
            guestLog.warn("spacedrive_log with a bad pointer: {}", e.getMessage());
            return;
        }
        switch ((int) args[0]) {
            case 0:
                guestLog.debug(text);
                break;
            case 1:
                guestLog.info(text);
                break;
            case 2:
                guestLog.warn(text);
                break;
            default:
                guestLog.error(text);
        }
    }

    private long[] register(Memory memory, long[] args, boolean job) {
        String what = job ? "register_job" : "register_operation";
        try {
            String name = GuestMemory.readUtf8(memory, args[0], args[1], what + "'s name");
            String export = GuestMemory.readUtf8(memory, args[2], args[3], what + "'s export");
            String problem = job ? ext.registerJob(name, export, args[4] != 0)
                    : ext.registerOperation(name, export, (int) args[4]);
            if (problem != null) {
                guestLog.error("{} refused: {}", what, problem);
                return FAILED;
            }
            return OK;
        } catch (OperationException e) {
            guestLog.error("{} refused: {}", what, e.getMessage());
            return FAILED;
        }
    }
}
