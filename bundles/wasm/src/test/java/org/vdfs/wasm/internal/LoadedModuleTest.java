package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionException;

class LoadedModuleTest {

    @TempDir
    Path dir;

    private static String refusal(String wat) {
        return assertThrows(ExtensionException.class, () -> LoadedModule.load("photos", Wasm.wat(wat), false, null))
                .getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected `" + part + "` in: " + message);
        }
    }

    @Test
    void importFromAnUnknownModuleIsRefusedByName() {
        assertMentions(refusal("""
                (module (import "env" "foo" (func)) (memory (export "memory") 1))
                """), "`env.foo`", "photos");
    }

    @Test
    void unknownHostFunctionIsRefusedByName() {
        assertMentions(refusal("""
                (module (import "spacedrive" "open_file" (func)) (memory (export "memory") 1))
                """), "`spacedrive.open_file`");
    }

    @Test
    void hostFunctionWithTheWrongSignatureIsRefusedByName() {
        assertMentions(refusal("""
                (module (import "spacedrive" "spacedrive_log" (func (param i32)))
                        (memory (export "memory") 1))
                """), "`spacedrive.spacedrive_log`", "(i32)->()", "(i32,i32,i32)->()");
    }

    @Test
    void callingTheHostWithoutAnAllocatorIsRefused() {
        assertMentions(refusal("""
                (module
                  (import "spacedrive" "spacedrive_call" (func (param i32 i32 i32 i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (func (export "wasm_free") (param i32 i32)))
                """), "`wasm_alloc`");
    }

    @Test
    void moduleWithoutExportedMemoryIsRefused() {
        assertMentions(refusal("(module (memory 1))"), "`memory`");
    }

    @Test
    void exportWithTheWrongAbiSignatureIsRefused() {
        assertMentions(refusal("""
                (module (memory (export "memory") 1) (func (export "plugin_init")))
                """), "`plugin_init`");
    }

    @Test
    void garbageIsNotWebAssembly() {
        ExtensionException e = assertThrows(ExtensionException.class,
                () -> LoadedModule.load("photos", new byte[] { 0, 'a', 's', 'm', 9, 9 }, false, null));
        assertMentions(e.getMessage(), "not valid WebAssembly");
    }

    @Test
    void recordsTheHostFunctionsItImports() throws ExtensionException {
        LoadedModule m = LoadedModule.load("photos", Wasm.wat("""
                (module
                  (import "spacedrive" "spacedrive_log" (func (param i32 i32 i32)))
                  (memory (export "memory") 1))
                """), false, null);
        assertEquals(Set.of(AbiImport.SPACEDRIVE_LOG), m.imports());
    }

    @Test
    void withoutCompilationItIsInterpreted() throws ExtensionException {
        LoadedModule m = LoadedModule.load("photos", Wasm.wat(Wasm.GUEST), false, new CompiledModuleCache(dir));
        assertFalse(m.compiled());
        assertFalse(m.fromCache());
        assertTrue(m.machineFactory().apply(Wasm.instance(Wasm.GUEST)) instanceof InterpreterMachine);
    }

    @Test
    void secondCompilationComesFromTheCache() throws ExtensionException {
        byte[] wasm = Wasm.wat(Wasm.GUEST);
        LoadedModule first = LoadedModule.load("photos", wasm, true, new CompiledModuleCache(dir));
        assertTrue(first.compiled());
        assertFalse(first.fromCache());

        LoadedModule second = LoadedModule.load("photos", wasm, true, new CompiledModuleCache(dir));
        assertTrue(second.compiled());
        assertTrue(second.fromCache());
    }

    @Test
    void memoryMaximumIsCappedAtTheLimit() throws ExtensionException {
        LoadedModule m = LoadedModule.load("photos", Wasm.wat("(module (memory (export \"memory\") 2 1000))"), false,
                null);
        assertEquals(new MemoryLimits(2, 16), m.memoryLimits("photos", 16));
        assertEquals(new MemoryLimits(2, 1000), m.memoryLimits("photos", 4096));
    }

    @Test
    void initialMemoryAboveTheLimitIsRefused() throws ExtensionException {
        LoadedModule m = LoadedModule.load("photos", Wasm.wat("(module (memory (export \"memory\") 64))"), false, null);
        ExtensionException e = assertThrows(ExtensionException.class, () -> m.memoryLimits("photos", 32));
        assertMentions(e.getMessage(), "max_memory_mb");
    }
}
