package org.vdfs.itests.framework.bench;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import com.dylibso.chicory.wasm.types.ValType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.itests.framework.Container;
import org.vdfs.itests.framework.Fixtures;

/**
 * Performance benchmarks of the WASM extension runtime, in a real Felix
 * framework (the in-framework tests' {@code Container}). A program, not a
 * test: it prints every measurement next to a baseline taken in the same run,
 * and asserts nothing about time. See {@code docs/benchmarks.md}.
 *
 * <ol>
 * <li>{@code spacedrive_call} round trip to a no-op operation with a 91-byte
 * JSON payload, compiled and interpreted, against a raw Chicory host call.</li>
 * <li>Cold start (compile + instantiate + plugin_init) and warm start (from
 * the compiled-module cache) of the test extension.</li>
 * <li>Heap retained per idle installed extension, beyond its linear memory.</li>
 * </ol>
 *
 * System properties: {@code bench.only} = a comma-separated subset of
 * {@code calls,start,memory,jobs,store,ai,query} ({@code store-hash} or {@code store-index}: half of
 * store; {@code ai-wasm}: only the WASM-vs-Java half of ai); {@code bench.keep} = keep the work folder.
 */
public final class Benchmarks {

    // spacedrive_call
    /** spacedrive_calls per guest invocation (one batch); the test container's guard deadline is 1 s per invocation. */
    private static final int CALLS = 20_000;
    private static final int BATCHES = 30;
    private static final long WARMUP_NS = 3_000_000_000L;
    private static final int WARMUP_MIN_BATCHES = 10;
    private static final long COMPONENT_WARMUP_NS = 500_000_000L;
    private static final int FLOOR_CALLS_COMPILED = 1_000_000;
    private static final int FLOOR_CALLS_INTERPRETED = 100_000;
    private static final long TARGET_CALL_NS = 1_000;
    // start
    private static final int START_WARMUP = 30;
    private static final int START_RUNS = 20;
    private static final long TARGET_COLD_MS = 100;
    private static final long TARGET_WARM_MS = 10;
    // memory
    private static final int COPIES = 20;
    private static final long TARGET_NET_BYTES = 1L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller HOST = Caller.host("bench");
    /** The payload bench.wat sends, byte for byte. */
    private static final String PAYLOAD =
            "{\"path\":\"/photos/2024/holiday/IMG_0042.jpg\",\"size\":4194304,\"kind\":\"image\",\"tags\":[\"beach\"]}";
    private static final FunctionType CALL_TYPE = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    /** Defeats dead-code elimination in the Java-only loops. */
    static volatile long sink;

    private final List<String> summary = new ArrayList<>();

    private Benchmarks() {
    }

    @FunctionalInterface
    private interface Batch {
        void run(int n) throws Exception;
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // guest threads and framework leftovers must not keep the JVM alive
    }

    private static void run() throws Exception {
        Set<String> only = Set.of(System.getProperty("bench.only", "calls,start,memory,jobs,store,ai,query").split(","));
        Path root = Files.createTempDirectory("vdfs-bench-");
        Benchmarks b = new Benchmarks();
        long began = System.nanoTime();
        b.header();
        try {
            // start first: its "first install" figure is then that of a fresh JVM
            if (only.contains("start")) {
                b.starts(root.resolve("start"));
            }
            if (only.contains("calls")) {
                b.calls(root.resolve("calls"));
            }
            if (only.contains("memory")) {
                b.memory(root.resolve("memory"));
            }
            if (only.contains("jobs")) {
                JobBench.run(root.resolve("jobs"), b.summary);
            }
            if (only.contains("store") || only.contains("store-hash") || only.contains("store-index")) {
                StoreBench.run(root.resolve("store"), b.summary, only);
            }
            if (only.contains("ai")) {
                AiLocalBench.run(root.resolve("ai"), b.summary);
            }
            if (only.contains("ai") || only.contains("ai-wasm")) {
                AiBench.run(root.resolve("ai-wasm"), b.summary);
            }
            if (only.contains("query")) {
                QueryBench.run(root.resolve("query"), b.summary);
            }
        } finally {
            if (!Boolean.getBoolean("bench.keep")) {
                deleteTree(root);
            }
        }
        System.out.println();
        System.out.println("== Summary ==");
        System.out.println("| measurement | result | baseline (same run) | ratio | target |");
        System.out.println("|---|---|---|---|---|");
        b.summary.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nTotal benchmark time: %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    private void header() {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "VDFS WASM runtime benchmarks%nJava %s (%s), %s %s; %d processors, max heap %d MiB; "
                + "JVM flags %s%n", System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"), rt.availableProcessors(),
                rt.maxMemory() >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList());
    }

    // ---------------------------------------------------------------- spacedrive_call

    private void calls(Path dir) throws Exception {
        System.out.println();
        System.out.println("== spacedrive_call round trip: guest -> host -> registry -> guard -> no-op operation,"
                + " 91-byte JSON payload in, {\"ok\":null} back ==");
        double[] floorCompiled = floor(true);
        double[] floorInterpreted = floor(false);
        double[] compiled = guestCalls(dir.resolve("compiler"), true);
        double[] interpreted = guestCalls(dir.resolve("interpreter"), false);

        String line = "spacedrive_call (%-11s): median %,7.0f ns/call, p90 %,7.0f  -- floor (raw host call, %s) "
                + "median %,6.1f ns, p90 %,6.1f -- ratio %,.0fx";
        System.out.println();
        System.out.printf(Locale.ROOT, line + "   [target <= %,d ns: %s]%n", "compiler", median(compiled),
                p90(compiled), "compiler", median(floorCompiled), p90(floorCompiled),
                median(compiled) / median(floorCompiled), TARGET_CALL_NS,
                median(compiled) <= TARGET_CALL_NS ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, line + "%n", "interpreter", median(interpreted), p90(interpreted),
                "interpreter", median(floorInterpreted), p90(floorInterpreted),
                median(interpreted) / median(floorInterpreted));
        summary.add(String.format(Locale.ROOT, "| spacedrive_call, compiler (median / p90) | %,.0f / %,.0f ns | raw "
                + "Chicory host call, compiler: %,.1f ns | %,.0fx | <= %,d ns: %s |", median(compiled), p90(compiled),
                median(floorCompiled), median(compiled) / median(floorCompiled), TARGET_CALL_NS,
                median(compiled) <= TARGET_CALL_NS ? "met" : "**missed**"));
        summary.add(String.format(Locale.ROOT, "| spacedrive_call, interpreter (median / p90) | %,.0f / %,.0f ns | raw "
                + "Chicory host call, interpreter: %,.1f ns | %,.0fx | - |", median(interpreted), p90(interpreted),
                median(floorInterpreted), median(interpreted) / median(floorInterpreted)));
    }

    /** Plain Chicory: a guest loop calling a host function of spacedrive_call's type that returns 0. */
    private static double[] floor(boolean compile) throws Exception {
        WasmModule module = Parser.parse(Fixtures.wat("bench-floor"));
        HostFunction noop = new HostFunction("spacedrive", "spacedrive_call", CALL_TYPE,
                (instance, args) -> new long[] { 0 });
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(ImportValues.builder().addFunction(noop).build());
        if (compile) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        ExportFunction run = builder.build().export("run");
        int n = compile ? FLOOR_CALLS_COMPILED : FLOOR_CALLS_INTERPRETED;
        return perCall(n, k -> sink += run.apply(k)[0]);
    }

    /** The bench guest in a container: the operation bench.bench makes N spacedrive_calls to bench.noop. */
    private double[] guestCalls(Path dir, boolean compile) throws Exception {
        try (Container c = Container.start(dir)) {
            if (!compile) {
                c.configureRuntime(Map.of("compiler", false));
            }
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Operation.NAME, "bench.noop");
            props.put(Operation.DESCRIPTION, "benchmark: does nothing");
            c.context().registerService(Operation.class, invocation -> NullNode.getInstance(), props);
            Path pkg = Fixtures.embedded(dir.resolve("bench"), "bench.wasm", Fixtures.wat("bench"), Fixtures.manifest(
                    "bench", "\"bench.\"", "\"rate_limits\":{\"requests_per_minute\":1000000000}"));
            ExtensionInfo info = c.installer().install(pkg);
            check(info.state() == ExtensionState.ACTIVE, "bench extension not active: " + info.error());
            check(info.stats().compiled() == compile, "the bench extension runs "
                    + (info.stats().compiled() ? "compiled" : "interpreted") + ", not as configured");
            ExtensionRegistry extensions = c.extensions();
            OperationRegistry registry = c.registry();
            int n = CALLS;
            double[] perCall = perCall(n, k -> {
                JsonNode out = registry.call(HOST, "bench.bench", null, IntNode.valueOf(k));
                if (!out.asBoolean()) {
                    throw new IllegalStateException("bench.bench answered " + out);
                }
            });
            ExtensionInfo after = extensions.find("bench").orElseThrow();
            check(after.stats().failedHostCalls() == 0, after.stats().failedHostCalls()
                    + " spacedrive_calls failed; the measurement is void");
            check(after.stats().compiled() == compile, "compiled flag changed");
            System.out.printf(Locale.ROOT, "  %s: %,d spacedrive_calls made, none failed; %d batches of %,d timed"
                    + " after warm-up%n", compile ? "compiler" : "interpreter", after.stats().hostCalls(), BATCHES, n);
            if (compile) {
                components(registry);
            }
            return perCall;
        }
    }

    /** The parts of one round trip, each timed alone in Java: where the nanoseconds go. */
    private static void components(OperationRegistry registry) throws Exception {
        byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        JsonNode parsed = JSON.readTree(payload);
        byte[] okOpen = "{\"ok\":".getBytes(StandardCharsets.US_ASCII);
        Caller guest = Caller.extension("bench");
        int n = 200_000;
        double parse = median(perCall(n, COMPONENT_WARMUP_NS, k -> {
            for (int i = 0; i < k; i++) {
                sink += JSON.readTree(payload).size();
            }
        }));
        double serialise = median(perCall(n, COMPONENT_WARMUP_NS, k -> {
            for (int i = 0; i < k; i++) {
                byte[] v = JSON.writeValueAsBytes(NullNode.getInstance());
                byte[] out = new byte[okOpen.length + v.length + 1];
                System.arraycopy(okOpen, 0, out, 0, okOpen.length);
                System.arraycopy(v, 0, out, okOpen.length, v.length);
                sink += out.length;
            }
        }));
        double dispatch = median(perCall(n, COMPONENT_WARMUP_NS, k -> {
            for (int i = 0; i < k; i++) {
                sink += registry.call(guest, "bench.noop", null, parsed).size();
            }
        }));
        double nanoTime = median(perCall(n, COMPONENT_WARMUP_NS, k -> {
            for (int i = 0; i < k; i++) {
                sink += System.nanoTime();
            }
        }));
        double invocation = median(perCall(1_000, COMPONENT_WARMUP_NS, k -> {
            for (int i = 0; i < k; i++) {
                sink += registry.call(HOST, "bench.bench", null, IntNode.valueOf(0)).size();
            }
        }));
        String row = "    %-68s %,7.0f ns%n";
        System.out.println("  components of one compiled round trip, each timed alone from Java (medians):");
        System.out.printf(Locale.ROOT, row, "Jackson readTree of the 91-byte payload", parse);
        System.out.printf(Locale.ROOT, row, "Jackson write of the result + {\"ok\": ...} wrapping", serialise);
        System.out.printf(Locale.ROOT, row, "registry.call as the extension (table, guard, rate limiter, no-op)",
                dispatch);
        System.out.printf(Locale.ROOT, row, "System.nanoTime (the rate limiter reads it once per call)", nanoTime);
        System.out.printf(Locale.ROOT, "  not per call: one host -> guest operation invocation (N=0: thread hand-off, pool,"
                + " JSON) %,.1f us, spread over a batch of %,d calls%n", invocation / 1_000, CALLS);
    }

    /**
     * Warms up (at least {@link #WARMUP_MIN_BATCHES} batches and {@link #WARMUP_NS}), then times
     * {@link #BATCHES} batches of {@code n}; returns ns per call of each timed batch.
     */
    private static double[] perCall(int n, Batch batch) throws Exception {
        return perCall(n, WARMUP_NS, batch);
    }

    private static double[] perCall(int n, long warmupNs, Batch batch) throws Exception {
        long warmupEnd = System.nanoTime() + warmupNs;
        for (int i = 0; i < WARMUP_MIN_BATCHES || System.nanoTime() < warmupEnd; i++) {
            batch.run(n);
        }
        double[] perCall = new double[BATCHES];
        for (int i = 0; i < BATCHES; i++) {
            long t0 = System.nanoTime();
            batch.run(n);
            perCall[i] = (System.nanoTime() - t0) / (double) n;
        }
        return perCall;
    }

    // ---------------------------------------------------------------- start

    private void starts(Path dir) throws Exception {
        System.out.println();
        System.out.println("== Extension start: the test extension (" + Fixtures.testExtensionWasm().length
                + "-byte module), Bundle.start() after Bundle.stop() ==");
        double[][] compiled = startTimes(dir.resolve("compiler"), true);
        double[][] interpreted = startTimes(dir.resolve("interpreter"), false);
        double[][] parts = chicoryStartParts();
        double cold = median(compiled[0]);
        double warm = median(compiled[1]);
        double interp = median(interpreted[1]);
        System.out.println();
        System.out.printf(Locale.ROOT, "cold start (compile + instantiate + plugin_init): median %,7.1f ms, p90 %,7.1f"
                + "  -- baseline warm start %,6.1f ms -- ratio %,.1fx   [target <= %d ms: %s]%n", cold,
                p90(compiled[0]), warm, cold / warm, TARGET_COLD_MS, cold <= TARGET_COLD_MS ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "warm start (compiled-module cache):               median %,7.1f ms, p90 %,7.1f"
                + "  -- baseline interpreter start %,6.1f ms -- ratio %,.1fx   [target <= %d ms: %s]%n", warm,
                p90(compiled[1]), interp, warm / interp, TARGET_WARM_MS, warm <= TARGET_WARM_MS ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "interpreter start (no compilation):               median %,7.1f ms, p90 %,7.1f%n",
                interp, p90(interpreted[1]));
        System.out.printf(Locale.ROOT, "first install in this JVM (cold JIT, incl. building the bundle): %,.0f ms "
                + "(compiler), %,.0f ms (interpreter)%n", compiled[2][0], interpreted[2][0]);
        System.out.println("  plain Chicory, same module, no OSGi (medians of " + START_RUNS + " after " + START_WARMUP
                + " warm-up):");
        String row = "    %-44s %,7.2f ms%s%n";
        System.out.printf(Locale.ROOT, row, "Parser.parse (validates)", median(parts[0]),
                String.format(Locale.ROOT, "  (without validation: %,.2f ms)", median(parts[5])));
        System.out.printf(Locale.ROOT, row, "compile to bytecode (no cache)", median(parts[1]), "");
        System.out.printf(Locale.ROOT, row, "load compiled classes from cache", median(parts[2]),
                String.format(Locale.ROOT, "  (%,d-byte cache entry)", (long) parts[4][0]));
        System.out.printf(Locale.ROOT, row, "instantiate (stub imports, no plugin_init)", median(parts[3]), "");
        summary.add(String.format(Locale.ROOT, "| cold start, compiler (median / p90) | %,.1f / %,.1f ms | warm start:"
                + " %,.1f ms | %,.1fx | <= %d ms: %s |", cold, p90(compiled[0]), warm, cold / warm, TARGET_COLD_MS,
                cold <= TARGET_COLD_MS ? "met" : "**missed**"));
        summary.add(String.format(Locale.ROOT, "| warm start, compiled-module cache (median / p90) | %,.1f / %,.1f ms |"
                + " interpreter start: %,.1f ms | %,.1fx | <= %d ms: %s |", warm, p90(compiled[1]), interp,
                warm / interp, TARGET_WARM_MS, warm <= TARGET_WARM_MS ? "met" : "**missed**"));
    }

    /**
     * @return {cold starts, warm starts, {first install}} in ms; for the
     *         interpreter "warm" is a plain restart (there is nothing to cache)
     */
    private static double[][] startTimes(Path dir, boolean compile) throws Exception {
        try (Container c = Container.start(dir)) {
            if (!compile) {
                c.configureRuntime(Map.of("compiler", false));
            }
            ExtensionInstaller installer = c.installer();
            ExtensionRegistry extensions = c.extensions();
            Path wasm = Files.write(dir.resolve("test-extension.wasm"), Fixtures.testExtensionWasm());
            long t0 = System.nanoTime();
            ExtensionInfo info = installer.install(wasm);
            double first = (System.nanoTime() - t0) / 1e6;
            check(info.state() == ExtensionState.ACTIVE, "test extension not active: " + info.error());
            check(info.stats().compiled() == compile, "test extension compiled=" + info.stats().compiled());
            Bundle bundle = c.context().getBundle(info.bundleId());
            Path cache = dir.resolve("data").resolve("wasm").resolve("compiled");
            check(!compile || cachedModules(cache) == 1, "expected one compiled module in " + cache);

            double[] cold = new double[START_RUNS];
            double[] warm = new double[START_RUNS];
            for (int i = -START_WARMUP; i < START_RUNS; i++) {
                if (compile) {
                    bundle.stop();
                    deleteTree(cache);
                    long s = System.nanoTime();
                    bundle.start();
                    double ms = (System.nanoTime() - s) / 1e6;
                    check(cachedModules(cache) == 1, "the cold start did not fill the cache");
                    active(extensions, compile);
                    if (i >= 0) {
                        cold[i] = ms;
                    }
                }
                check(!compile || cachedModules(cache) == 1, "no cache entry before the warm start");
                bundle.stop();
                long s = System.nanoTime();
                bundle.start();
                double ms = (System.nanoTime() - s) / 1e6;
                active(extensions, compile);
                if (i >= 0) {
                    warm[i] = ms;
                }
            }
            return new double[][] { cold, warm, { first } };
        }
    }

    private static void active(ExtensionRegistry extensions, boolean compile) {
        ExtensionInfo info = extensions.find("test-extension").orElseThrow();
        check(info.state() == ExtensionState.ACTIVE, "test extension not active after start: " + info.error());
        check(info.stats().compiled() == compile, "compiled flag changed");
    }

    private static long cachedModules(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.toString().endsWith(".jar")).count();
        }
    }

    /** {parse, compile, load from cache, instantiate, {cache entry bytes}, parse without validation} in ms, plain Chicory. */
    private static double[][] chicoryStartParts() throws Exception {
        byte[] wasm = Fixtures.testExtensionWasm();
        Map<String, byte[]> store = new ConcurrentHashMap<>();
        Cache memoryCache = new Cache() {
            @Override
            public byte[] get(String key) {
                return store.get(key);
            }

            @Override
            public void putIfAbsent(String key, byte[] data) {
                store.putIfAbsent(key, data);
            }
        };
        double[][] parts = new double[6][START_RUNS];
        Parser unvalidated = Parser.builder().withValidation(false).build();
        for (int i = -START_WARMUP; i < START_RUNS; i++) {
            long t0 = System.nanoTime();
            WasmModule module = Parser.parse(wasm);
            long t1 = System.nanoTime();
            MachineFactoryCompiler.builder(module).compile();
            long t2 = System.nanoTime();
            if (store.isEmpty()) {
                MachineFactoryCompiler.builder(module).withCache(memoryCache).compile();
            }
            long t3 = System.nanoTime();
            Function<Instance, Machine> cached = MachineFactoryCompiler.builder(module).withCache(memoryCache).compile();
            long t4 = System.nanoTime();
            Instance.builder(module).withImportValues(stubs(module)).withMachineFactory(cached).withStart(false).build();
            long t5 = System.nanoTime();
            unvalidated.parse(() -> new ByteArrayInputStream(wasm));
            long t6 = System.nanoTime();
            if (i >= 0) {
                parts[0][i] = (t1 - t0) / 1e6;
                parts[1][i] = (t2 - t1) / 1e6;
                parts[2][i] = (t4 - t3) / 1e6;
                parts[3][i] = (t5 - t4) / 1e6;
                parts[5][i] = (t6 - t5) / 1e6;
            }
        }
        parts[4][0] = store.values().stream().mapToLong(b -> b.length).sum();
        return parts;
    }

    /** Host functions for every function import of a module, answering 0 / nothing. */
    private static ImportValues stubs(WasmModule module) {
        ImportValues.Builder b = ImportValues.builder();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                b.addFunction(new HostFunction(imp.module(), imp.name(), type,
                        (instance, args) -> type.returns().isEmpty() ? new long[0] : new long[type.returns().size()]));
            }
        }
        return b.build();
    }

    // ---------------------------------------------------------------- memory

    private void memory(Path dir) throws Exception {
        System.out.println();
        System.out.println("== Heap retained per idle installed extension: " + COPIES
                + " copies of the test extension under different ids (form 2, manifest.json beside) ==");
        byte[] wasm = Fixtures.testExtensionWasm();
        UnknownCustomSection section = (UnknownCustomSection) Parser.parse(wasm).customSection("spacedrive.manifest");
        ObjectNode manifest = (ObjectNode) JSON.readTree(section.bytes());
        String wasmFile = manifest.path("wasm_file").asText("test-extension.wasm");
        double parsedModule = parsedModuleBytes(wasm);
        try (Container c = Container.start(dir)) {
            ExtensionInstaller installer = c.installer();
            ExtensionRegistry extensions = c.extensions();
            // One copy first, outside the measurement: classes, JIT code and caches are paid once per JVM.
            install(installer, dir, wasm, manifest, wasmFile, "bench-mem-0");
            long heapBefore = settledHeap();
            long metaBefore = metaspace();
            for (int i = 1; i <= COPIES; i++) {
                install(installer, dir, wasm, manifest, wasmFile, "bench-mem-" + i);
            }
            long heapAfter = settledHeap();
            long metaAfter = metaspace();
            long linear = 0;
            int instances = 0;
            for (int i = 1; i <= COPIES; i++) {
                ExtensionInfo info = extensions.find("bench-mem-" + i).orElseThrow();
                check(info.state() == ExtensionState.ACTIVE, info.id() + " not active: " + info.error());
                linear += info.stats().memoryBytes();
                instances += info.stats().instances();
            }
            double gross = (heapAfter - heapBefore) / (double) COPIES;
            double memory = linear / (double) COPIES;
            double net = gross - memory;
            System.out.printf(Locale.ROOT, "  heap after GC: %,.1f MiB before, %,.1f MiB after %d installs; "
                    + "%d instances, linear memory %,.0f KiB each%n", heapBefore / 1048576.0, heapAfter / 1048576.0,
                    COPIES, instances, memory / 1024);
            System.out.println();
            System.out.printf(Locale.ROOT, "retained heap per idle extension: gross %,.0f KiB, net of its %,.0f KiB linear"
                    + " memory %,.0f KiB  -- baseline: one parsed WasmModule of the same module (plain Chicory) %,.0f KiB"
                    + " -- ratio net/parsed module %.2fx   [target net <= 1024 KiB: %s]%n", gross / 1024, memory / 1024,
                    net / 1024, parsedModule / 1024, net / parsedModule, net <= TARGET_NET_BYTES ? "met" : "MISSED");
            System.out.printf(Locale.ROOT, "metaspace (off-heap: compiled guest classes) per extension: %,.0f KiB%n",
                    (metaAfter - metaBefore) / (double) COPIES / 1024);
            summary.add(String.format(Locale.ROOT, "| retained heap per idle extension, net of its %,.0f KiB linear memory"
                    + " (gross) | %,.0f KiB (%,.0f KiB) | one parsed WasmModule, plain Chicory: %,.0f KiB | %.2fx |"
                    + " <= 1024 KiB: %s |", memory / 1024, net / 1024, gross / 1024, parsedModule / 1024,
                    net / parsedModule, net <= TARGET_NET_BYTES ? "met" : "**missed**"));
            summary.add(String.format(Locale.ROOT, "| metaspace per extension (off-heap, for reference) | %,.0f KiB | - |"
                    + " - | - |", (metaAfter - metaBefore) / (double) COPIES / 1024));
        }
    }

    /** Heap one parsed (and validated) WasmModule of {@code wasm} retains, in plain Chicory. */
    private static double parsedModuleBytes(byte[] wasm) throws Exception {
        List<WasmModule> keep = new ArrayList<>();
        keep.add(Parser.parse(wasm)); // classes loaded, JIT warm enough
        long before = settledHeap();
        for (int i = 0; i < COPIES; i++) {
            keep.add(Parser.parse(wasm));
        }
        long after = settledHeap();
        sink += keep.size(); // keeps them reachable until after the reading
        return (after - before) / (double) COPIES;
    }

    private static void install(ExtensionInstaller installer, Path dir, byte[] wasm, ObjectNode manifest,
            String wasmFile, String id) throws Exception {
        manifest.put("id", id);
        ExtensionInfo info = installer.install(Fixtures.beside(dir.resolve(id), wasmFile, wasm, manifest.toString()));
        check(info.state() == ExtensionState.ACTIVE && info.id().equals(id), id + " did not start: " + info.error());
    }

    /** Heap in use after full collections; the lowest of a few readings. */
    private static long settledHeap() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private static long metaspace() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP && pool.getName().equals("Metaspace")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    // ---------------------------------------------------------------- helpers

    static double medianOf(double[] values) {
        return median(values);
    }

    static double p90Of(double[] values) {
        return p90(values);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double p90(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(0.9 * s.length) - 1)];
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
