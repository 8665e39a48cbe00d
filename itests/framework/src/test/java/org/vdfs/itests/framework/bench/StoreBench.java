package org.vdfs.itests.framework.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.operation.Caller;
import org.vdfs.itests.framework.Container;

/**
 * The store: BLAKE3 hashing throughput against b3sum on the same file, and
 * indexing many small files against a plain walk that reads them all.
 * {@code bench.only=store} runs both, {@code store-hash} or {@code store-index} one.
 */
final class StoreBench {

    private static final long HASH_FILE_BYTES = 512L << 20;
    private static final int SMALL_FILES = 100_000;
    private static final int WARMUP_FILES = 20_000;
    private static final int BUFFER = 256 * 1024; // what the indexer reads with
    private static final int HASH_RUNS = 5;

    private StoreBench() {
    }

    static void run(Path dir, List<String> summary, Set<String> only) throws Exception {
        System.out.println();
        System.out.println("== Store: BLAKE3 hashing, indexing small files ==");
        if (only.contains("store") || only.contains("store-hash")) {
            hashing(dir, summary);
        }
        if (only.contains("store") || only.contains("store-index")) {
            indexing(dir, summary);
        }
    }

    private static void hashing(Path dir, List<String> summary) throws Exception {
        Path file = dir.resolve("large.bin");
        Files.createDirectories(dir);
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < HASH_FILE_BYTES; written += block.length) {
                out.write(block);
            }
        }
        double mib = HASH_FILE_BYTES / 1048576.0;
        try (Container c = Container.start(dir.resolve("hash-container"))) {
            StoreHasher ours = new StoreHasher(c);
            String digest = null;
            for (int i = 0; i < 3; i++) {
                digest = ours.hash(file); // warm up: JIT, and the file in the page cache
            }
            String b3sumDigest = b3sumDigest(file);
            if (b3sumDigest != null && !b3sumDigest.equals(digest)) {
                throw new IllegalStateException("the store hashes " + digest + ", b3sum " + b3sumDigest);
            }
            // interleaved, so that the load other processes put on the machine hits all of them alike
            List<Double> store = new ArrayList<>();
            List<Double> indexer = new ArrayList<>();
            List<Double> one = new ArrayList<>();
            List<Double> all = new ArrayList<>();
            List<Double> overhead = new ArrayList<>();
            for (int i = 0; i < HASH_RUNS; i++) {
                long t = System.nanoTime();
                ours.hash(file);
                store.add(mib / ((System.nanoTime() - t) / 1e9));
                indexer.add(mib / indexOneFile(c, dir.resolve("hash-location-" + i), file));
                overhead.add(1000 * indexOneFile(c, dir.resolve("empty-location-" + i), null));
                if (b3sumDigest != null) {
                    one.add(mib / b3sum(file, true));
                    all.add(mib / b3sum(file, false));
                }
            }
            String what = String.format(Locale.ROOT, "BLAKE3 in the store (%s, %d KiB reads, one thread), %d MiB "
                    + "file, median of %d: %,.0f MiB/s (runs %s); indexing that file as a location (job "
                    + "core:index_location): %,.0f MiB/s (runs %s), of which %.0f ms is the job's own cost (an empty "
                    + "location: runs %s ms)", ours.implementation, BUFFER / 1024, HASH_FILE_BYTES >> 20, HASH_RUNS,
                    median(store), runs(store), median(indexer), runs(indexer), median(overhead), runs(overhead));
            if (b3sumDigest == null) {
                System.out.println(what + " -- b3sum not installed (apt-get install b3sum), no baseline");
                return;
            }
            double ratio = median(store) / median(one);
            String verdict = ratio >= 0.8 ? "met" : "MISSED";
            System.out.printf(Locale.ROOT, "%s -- baseline b3sum --num-threads 1: %,.0f MiB/s (runs %s; ratio %.0f%%, "
                    + "indexer %.0f%%), b3sum all %d cores: %,.0f MiB/s (runs %s; ratio %.0f%%)   [target >= 80%% "
                    + "of b3sum, one thread each: %s]%n", what, median(one), runs(one), 100 * ratio,
                    100 * median(indexer) / median(one), Runtime.getRuntime().availableProcessors(), median(all),
                    runs(all), 100 * median(store) / median(all), verdict);
            summary.add(String.format(Locale.ROOT, "| BLAKE3 hashing, %d MiB file (%s, median of %d) | %,.0f MiB/s "
                    + "(indexer: %,.0f) | b3sum 1 thread: %,.0f MiB/s (all cores: %,.0f) | %.0f%% | >= 80%%: %s |",
                    HASH_FILE_BYTES >> 20, ours.implementation, HASH_RUNS, median(store), median(indexer),
                    median(one), median(all), 100 * ratio, ratio >= 0.8 ? "met" : "**missed**"));
        }
    }

    /**
     * The store bundle's own hasher ({@code org.vdfs.store.internal.hash.Blake3}), loaded by the framework
     * (so the native library comes through Bundle-NativeCode), driven the way the indexer drives it.
     */
    private static final class StoreHasher {
        final String implementation;
        private final Method newHasher;
        private final Method update;
        private final Method hexDigest;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);

        StoreHasher(Container c) throws Exception {
            Bundle store = Arrays.stream(c.bundles()).filter(b -> "org.vdfs.store".equals(b.getSymbolicName()))
                    .findFirst().orElseThrow();
            Class<?> blake3 = store.loadClass("org.vdfs.store.internal.hash.Blake3");
            Class<?> hasher = store.loadClass("org.vdfs.store.internal.hash.Blake3Hasher");
            implementation = (String) blake3.getMethod("implementation").invoke(null);
            newHasher = blake3.getMethod("newHasher");
            update = hasher.getMethod("update", ByteBuffer.class);
            hexDigest = hasher.getMethod("hexDigest");
        }

        String hash(Path file) throws Exception {
            try (FileChannel in = FileChannel.open(file); AutoCloseable h = (AutoCloseable) newHasher.invoke(null)) {
                while (in.read(buffer.clear()) >= 0) {
                    update.invoke(h, buffer.flip());
                }
                return (String) hexDigest.invoke(h);
            }
        }
    }

    /** Seconds the job core:index_location takes on a new location holding the file (a hard link to it) or nothing. */
    private static double indexOneFile(Container c, Path folder, Path file) throws Exception {
        Files.createDirectories(folder);
        if (file != null) {
            Files.createLink(folder.resolve(file.getFileName()), file);
        }
        ObjectMapper json = new ObjectMapper();
        String location = c.registry().call(Caller.host("bench"), "vdfs.location_add", null,
                json.createObjectNode().put("path", folder.toString())).path("uuid").asText();
        long t = System.nanoTime();
        JobRecord job = c.jobs().dispatch("core:index_location", null, json.createObjectNode().put("location_id",
                location));
        JobRecord done = c.jobs().await(job.id(), Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - t) / 1e9;
        if (done.status() != JobStatus.COMPLETED || done.bytes() != (file == null ? 0 : Files.size(file))) {
            throw new IllegalStateException("indexing one file ended " + done);
        }
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String runs(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).collect(Collectors.joining(" "));
    }

    /** b3sum's hash of the file, or null when b3sum is not installed. */
    private static String b3sumDigest(Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("b3sum", "--no-names", file.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    }

    /** Wall seconds of one b3sum run on the file (the process start included, a few milliseconds). */
    private static double b3sum(Path file, boolean oneThread) throws Exception {
        List<String> command = oneThread ? List.of("b3sum", "--num-threads", "1", file.toString())
                : List.of("b3sum", file.toString());
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("b3sum failed: " + command);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static void indexing(Path dir, List<String> summary) throws Exception {
        Path tree = smallFiles(dir.resolve("small"), SMALL_FILES);
        Path warmup = smallFiles(dir.resolve("warmup"), WARMUP_FILES);
        // The files stay in the page cache, but their writing-back must not run during the
        // measurement: the kernel starts it 30 s after the write, on one of the two cores.
        sync();
        // baseline: a plain walk that reads every file, the page cache warm (this walk warms it)
        walkAndRead(tree);
        long t0 = System.nanoTime();
        long read = walkAndRead(tree);
        double walk = (System.nanoTime() - t0) / 1e9;

        try (Container c = Container.start(dir.resolve("container"))) {
            index(c, warmup); // the JIT compiles H2's insert paths and the indexer's (another location)
            long t1 = System.nanoTime();
            index(c, tree);
            double index = (System.nanoTime() - t1) / 1e9;
            long entries = c.registry().call(Caller.host("bench"), "vdfs.location_list", null, null).get(1)
                    .path("entries").asLong();
            System.out.printf(Locale.ROOT, "indexing %,d small files (%,d entries, first index, warm page cache): "
                    + "%,.0f files/s -- baseline plain walk reading every file: %,.0f files/s (ratio %.2fx)   "
                    + "[target >= 20,000 files/s: %s]%n", SMALL_FILES, entries, SMALL_FILES / index, read / walk,
                    index / walk, SMALL_FILES / index >= 20_000 ? "met" : "MISSED");
            summary.add(String.format(Locale.ROOT, "| indexing %,d small files | %,.0f files/s | walk + read: %,.0f "
                    + "files/s | %.2fx | >= 20,000 files/s: %s |", SMALL_FILES, SMALL_FILES / index, read / walk,
                    index / walk, SMALL_FILES / index >= 20_000 ? "met" : "**missed**"));
        }
    }

    /** Folders of 1,000 small files. */
    private static Path smallFiles(Path tree, int files) throws IOException {
        for (int d = 0; d < files / 1000; d++) {
            Path folder = Files.createDirectories(tree.resolve(String.format("d%03d", d)));
            for (int f = 0; f < 1000; f++) {
                Files.writeString(folder.resolve("f" + f + ".txt"), "small file " + d + "/" + f + "\n");
            }
        }
        return tree;
    }

    /** Adds the folder as a location and indexes it as the job would be run (first index). */
    private static void index(Container c, Path tree) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String location = c.registry().call(Caller.host("bench"), "vdfs.location_add", null,
                json.createObjectNode().put("path", tree.toString())).path("uuid").asText();
        JobRecord job = c.jobs().dispatch("core:index_location", null,
                json.createObjectNode().put("location_id", location));
        JobRecord done = c.jobs().await(job.id(), Duration.ofMinutes(20));
        if (done.status() != JobStatus.COMPLETED) {
            throw new IllegalStateException("indexing ended " + done);
        }
    }

    /** Writes every dirty page back ({@code sync}), so that no earlier write competes with what is measured. */
    private static void sync() throws Exception {
        Process p = new ProcessBuilder("sync").inheritIO().start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("sync failed");
        }
    }

    private static long walkAndRead(Path tree) throws IOException {
        long files = 0;
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.readAllBytes(p);
                    files++;
                }
            }
        }
        return files;
    }
}
