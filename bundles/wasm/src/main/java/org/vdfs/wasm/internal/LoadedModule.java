package org.vdfs.wasm.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionException;

/**
 * A parsed, validated and compiled module: everything needed to create
 * instances quickly. Validation happens here, at install time, so a module
 * that could never link is refused with a message naming the problem.
 *
 * @param module         the parsed module
 * @param machineFactory compiled bytecode, or the interpreter
 * @param compiled       whether {@code machineFactory} is compiled
 * @param fromCache      whether the bytecode came from the on-disk cache
 * @param imports        the host functions the module imports (only these are linked)
 */
record LoadedModule(WasmModule module, Function<Instance, Machine> machineFactory, boolean compiled,
        boolean fromCache, Set<AbiImport> imports) {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModule.class);

    static final FunctionType OPERATION_EXPORT = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32));
    static final FunctionType JOB_EXPORT = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    static LoadedModule load(String extensionId, byte[] wasm, boolean compile, CompiledModuleCache cache)
            throws ExtensionException {
        WasmModule module;
        try {
            module = Parser.parse(wasm);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new ExtensionException("the module of extension `" + extensionId
                    + "` is not valid WebAssembly: " + e.getMessage());
        }
        Set<AbiImport> imports = checkImports(extensionId, module);
        checkExports(extensionId, module, imports);
        if (!compile) {
            return new LoadedModule(module, InterpreterMachine::new, false, false, imports);
        }
        boolean cached = cache != null && cache.contains(module.digest());
        try {
            Function<Instance, Machine> factory = MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(InterpreterFallback.SILENT).withCache(cache).compile();
            return new LoadedModule(module, factory, true, cached, imports);
        } catch (RuntimeException | LinkageError e) {
            // The compiler cannot take every module (e.g. huge functions); the interpreter can.
            LOG.warn("Extension {}: compiling to JVM bytecode failed ({}); it runs interpreted", extensionId,
                    e.toString());
            return new LoadedModule(module, InterpreterMachine::new, false, false, imports);
        }
    }

    private static Set<AbiImport> checkImports(String extensionId, WasmModule module) throws ExtensionException {
        Set<AbiImport> found = EnumSet.noneOf(AbiImport.class);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String name = imp.module() + "." + imp.name();
            AbiImport abi = AbiImport.MODULE.equals(imp.module()) ? AbiImport.byName(imp.name()) : null;
            if (abi == null || imp.importType() != ExternalType.FUNCTION) {
                problems.add("it imports `" + name + "` (" + imp.importType().name().toLowerCase()
                        + "), which the host does not provide");
                continue;
            }
            FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            if (!type.equals(abi.type())) {
                problems.add("it imports `" + name + "` as " + AbiImport.describe(type)
                        + ", but the ABI defines it as " + AbiImport.describe(abi.type()));
                continue;
            }
            found.add(abi);
        }
        if (!problems.isEmpty()) {
            throw new ExtensionException("extension `" + extensionId + "` cannot be linked: "
                    + String.join("; ", problems) + ". The host provides: "
                    + Arrays.stream(AbiImport.values()).map(a -> AbiImport.MODULE + "." + a.importName())
                            .collect(Collectors.joining(", ")));
        }
        return found;
    }

    private static void checkExports(String extensionId, WasmModule module, Set<AbiImport> imports)
            throws ExtensionException {
        List<String> problems = new ArrayList<>();
        if (module.memorySection().isEmpty() || module.memorySection().get().memoryCount() == 0
                || exportOf(module, "memory", ExternalType.MEMORY) == null) {
            problems.add("it must define and export its `memory`");
        }
        boolean needsAlloc = imports.contains(AbiImport.SPACEDRIVE_CALL) || imports.contains(AbiImport.REGISTER_JOB)
                || imports.contains(AbiImport.REGISTER_OPERATION);
        expect(module, "wasm_alloc", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)), needsAlloc, problems);
        expect(module, "wasm_free", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()), needsAlloc, problems);
        expect(module, "plugin_init", FunctionType.of(List.of(), List.of(ValType.I32)), false, problems);
        expect(module, "plugin_cleanup", FunctionType.empty(), false, problems);
        if (!problems.isEmpty()) {
            throw new ExtensionException("extension `" + extensionId + "` has unusable exports: "
                    + String.join("; ", problems));
        }
    }

    private static void expect(WasmModule module, String name, FunctionType type, boolean required,
            List<String> problems) {
        FunctionType actual = exportedFunctionType(module, name);
        if (actual == null) {
            if (required) {
                problems.add("it calls the host but does not export `" + name + "` " + AbiImport.describe(type));
            }
        } else if (!actual.equals(type)) {
            problems.add("`" + name + "` is " + AbiImport.describe(actual) + ", the ABI wants "
                    + AbiImport.describe(type));
        }
    }

    private static Export exportOf(WasmModule module, String name, ExternalType type) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            if (e.name().equals(name) && e.exportType() == type) {
                return e;
            }
        }
        return null;
    }

    /** The type of an exported function, or {@code null} if there is no such function export. */
    static FunctionType exportedFunctionType(WasmModule module, String name) {
        Export e = exportOf(module, name, ExternalType.FUNCTION);
        if (e == null) {
            return null;
        }
        int imported = module.importSection().count(ExternalType.FUNCTION);
        int index = e.index();
        int typeIndex = index < imported
                ? ((FunctionImport) module.importSection().stream().filter(i -> i.importType() == ExternalType.FUNCTION)
                        .skip(index).findFirst().orElseThrow()).typeIndex()
                : module.functionSection().getFunctionType(index - imported);
        return module.typeSection().getType(typeIndex);
    }

    /** Memory limits: the module's own, with its maximum capped at {@code maxPages}. */
    MemoryLimits memoryLimits(String extensionId, int maxPages) throws ExtensionException {
        MemoryLimits declared = module.memorySection().get().getMemory(0).limits();
        if (declared.initialPages() > maxPages) {
            throw new ExtensionException("extension `" + extensionId + "` needs " + declared.initialPages() / 16
                    + " MiB of memory to start, more than its limit of " + maxPages / 16 + " MiB (max_memory_mb)");
        }
        return new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), maxPages));
    }
}
