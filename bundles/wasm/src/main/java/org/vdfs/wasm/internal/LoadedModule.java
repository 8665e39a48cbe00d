package org.vdfs.wasm.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayInputStream;
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

    private static final int CODE_SECTION = 10;

    static final FunctionType OPERATION_EXPORT = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32));
    static final FunctionType JOB_EXPORT = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    /**
     * Parses, checks and compiles a module.
     *
     * @param cache where compiled bytecode is kept, or {@code null} for no cache
     */
    static LoadedModule load(String extensionId, byte[] wasm, boolean compile, CompiledModuleCache cache)
            throws ExtensionException {
        String key = CompiledModuleCache.key(wasm);
        // A cached module was validated when it was compiled, and one compiled whole needs no
        // instructions at all: validating and decoding them again would be most of a warm start.
        boolean cached = compile && cache != null && cache.contains(key);
        WasmModule module = cached && cache.containsWhole(key) ? parseWithoutCode(extensionId, wasm, key)
                : parse(extensionId, wasm, !cached);
        Set<AbiImport> imports = checkImports(extensionId, module);
        checkExports(extensionId, module, imports);
        if (!compile) {
            return new LoadedModule(module, InterpreterMachine::new, false, false, imports);
        }
        try {
            Function<Instance, Machine> whole = MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(InterpreterFallback.FAIL).withCache(cache == null ? null : cache.whole())
                    .compile();
            // Every function is bytecode now: instances need no instruction lists, which are most of a module's heap.
            return new LoadedModule(withoutFunctionBodies(module), ((CompiledModule) whole).machineFactory(), true,
                    cached, imports);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Extension {} does not compile whole ({}); trying with interpreted functions", extensionId, e.toString());
        }
        WasmModule validated = cached ? parse(extensionId, wasm, true) : module;
        try {
            Function<Instance, Machine> mixed = MachineFactoryCompiler.builder(validated)
                    .withInterpreterFallback(InterpreterFallback.SILENT).withCache(cache == null ? null : cache.mixed())
                    .compile();
            return new LoadedModule(validated, mixed, true, cached, imports);
        } catch (RuntimeException | LinkageError e) {
            // The compiler cannot take every module; the interpreter can.
            LOG.warn("Extension {}: compiling to JVM bytecode failed ({}); it runs interpreted", extensionId,
                    e.toString());
            return new LoadedModule(validated, InterpreterMachine::new, false, false, imports);
        }
    }

    private static WasmModule parse(String extensionId, byte[] wasm, boolean validate) throws ExtensionException {
        try {
            return Parser.builder().withValidation(validate).build().parse(() -> new ByteArrayInputStream(wasm));
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new ExtensionException("the module of extension `" + extensionId
                    + "` is not valid WebAssembly: " + e.getMessage());
        }
    }

    /** Parses all but the code section, which a module compiled whole to bytecode does not need. */
    private static WasmModule parseWithoutCode(String extensionId, byte[] wasm, String digest) throws ExtensionException {
        Parser.Builder parser = Parser.builder().withValidation(false);
        for (int section = 1; section <= 13; section++) {
            if (section != CODE_SECTION) {
                parser.includeSectionId(section);
            }
        }
        WasmModule.Builder b = WasmModule.builder().withValidation(false).withDigest(digest);
        int[] functions = { 0 };
        try {
            parser.build().parse(new ByteArrayInputStream(wasm), s -> {
                if (s instanceof TypeSection) {
                    b.setTypeSection((TypeSection) s);
                } else if (s instanceof ImportSection) {
                    b.setImportSection((ImportSection) s);
                } else if (s instanceof FunctionSection) {
                    b.setFunctionSection((FunctionSection) s);
                    functions[0] = ((FunctionSection) s).functionCount();
                } else if (s instanceof TableSection) {
                    b.setTableSection((TableSection) s);
                } else if (s instanceof MemorySection) {
                    b.setMemorySection((MemorySection) s);
                } else if (s instanceof GlobalSection) {
                    b.setGlobalSection((GlobalSection) s);
                } else if (s instanceof ExportSection) {
                    b.setExportSection((ExportSection) s);
                } else if (s instanceof StartSection) {
                    b.setStartSection((StartSection) s);
                } else if (s instanceof ElementSection) {
                    b.setElementSection((ElementSection) s);
                } else if (s instanceof DataSection) {
                    b.setDataSection((DataSection) s);
                } else if (s instanceof DataCountSection) {
                    b.setDataCountSection((DataCountSection) s);
                } else if (s instanceof TagSection) {
                    b.setTagSection((TagSection) s);
                }
            });
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new ExtensionException("the module of extension `" + extensionId
                    + "` is not valid WebAssembly: " + e.getMessage());
        }
        CodeSection.Builder code = CodeSection.builder();
        for (int i = 0; i < functions[0]; i++) {
            code.addFunctionBody(new FunctionBody(List.of(), List.of()));
        }
        return b.setCodeSection(code.build()).build();
    }

    /** The same module with empty function bodies, for modules whose every function was compiled. */
    private static WasmModule withoutFunctionBodies(WasmModule m) {
        CodeSection.Builder code = CodeSection.builder();
        for (FunctionBody body : m.codeSection().functionBodies()) {
            code.addFunctionBody(new FunctionBody(body.localTypes(), List.of()));
        }
        code.setRequiresDataCount(m.codeSection().isRequiresDataCount());
        WasmModule.Builder b = WasmModule.builder().withValidation(false).withDigest(m.digest())
                .setTypeSection(m.typeSection()).setImportSection(m.importSection())
                .setFunctionSection(m.functionSection()).setTableSection(m.tableSection())
                .setGlobalSection(m.globalSection()).setExportSection(m.exportSection())
                .setElementSection(m.elementSection()).setCodeSection(code.build()).setDataSection(m.dataSection());
        m.memorySection().ifPresent(b::setMemorySection);
        m.startSection().ifPresent(b::setStartSection);
        m.dataCountSection().ifPresent(b::setDataCountSection);
        m.tagSection().ifPresent(b::setTagSection);
        return b.build();
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
