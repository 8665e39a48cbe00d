package org.vdfs.itests.framework.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.Blake3;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.operation.Caller;
import org.vdfs.itests.framework.Container;

/**
 * The store: BLAKE3 hashing throughput against b3sum on the same file, and
 * indexing many small files against a plain walk that reads them all.
 */
final class StoreBench {

    private static final long HASH_FILE_BYTES = 512L << 20;
    private static final int SMALL_FILES = 100_000;
    private static final int BUFFER = 64 * 1024; // what the indexer reads with

    private StoreBench() {
    }

    static void run(Path dir, List<String> summary) throws Exception {
        System.out.println();
        System.out.println("== Store: BLAKE3 hashing, indexing small files ==");
        hashing(dir, summary);
        indexing(dir, summary);
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
        for (int i = 0; i < 3; i++) {
            javaHash(file); // warm up: JIT, and the file in the page cache
        }
        double java = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            javaHash(file);
            java = Math.min(java, (System.nanoTime() - t) / 1e9);
        }
        double b3one = b3sum(file, true);
        double b3all = b3sum(file, false);
        double mibs = HASH_FILE_BYTES / 1048576.0;
        if (b3one < 0) {
            System.out.printf(Locale.ROOT, "BLAKE3 in the store (commons-codec, %d KiB reads): %,.0f MiB/s -- b3sum "
                    + "not installed (apt-get install b3sum), no baseline%n", BUFFER / 1024, mibs / java);
            return;
        }
        System.out.printf(Locale.ROOT, "BLAKE3 in the store (commons-codec, %d KiB reads, one thread): %,.0f MiB/s -- "
                + "baseline b3sum --num-threads 1: %,.0f MiB/s (ratio %.0f%%), b3sum all cores: %,.0f MiB/s "
                + "(ratio %.0f%%)   [target >= 80%% of b3sum: %s]%n", BUFFER / 1024, mibs / java, mibs / b3one,
                100 * b3one / java, mibs / b3all, 100 * b3all / java, b3all / java >= 0.8 ? "met" : "MISSED");
        summary.add(String.format(Locale.ROOT, "| BLAKE3 hashing, %d MiB file (best of 3) | %,.0f MiB/s | b3sum: %,.0f "
                + "MiB/s (1 thread: %,.0f) | %.0f%% | >= 80%%: %s |", HASH_FILE_BYTES >> 20, mibs / java, mibs / b3all,
                mibs / b3one, 100 * b3all / java, b3all / java >= 0.8 ? "met" : "**missed**"));
    }

    private static void javaHash(Path file) throws IOException {
        Blake3 blake3 = Blake3.initHash();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                blake3.update(buffer, 0, n);
            }
        }
        blake3.doFinalize(new byte[32]);
    }

    /** Best of 3 wall times of b3sum on the file, or -1 when b3sum is not installed. */
    private static double b3sum(Path file, boolean oneThread) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            List<String> command = oneThread ? List.of("b3sum", "--num-threads", "1", file.toString())
                    : List.of("b3sum", file.toString());
            long t = System.nanoTime();
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException notInstalled) {
                return -1;
            }
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            if (i > 0) { // the first run warms the page cache
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
        }
        return best;
    }

    private static void indexing(Path dir, List<String> summary) throws Exception {
        Path tree = dir.resolve("small");
        for (int d = 0; d < SMALL_FILES / 1000; d++) {
            Path folder = Files.createDirectories(tree.resolve(String.format("d%03d", d)));
            for (int f = 0; f < 1000; f++) {
                Files.writeString(folder.resolve("f" + f + ".txt"), "small file " + d + "/" + f + "\n");
            }
        }
        // baseline: a plain walk that reads every file, the page cache warm (this walk warms it)
        walkAndRead(tree);
        long t0 = System.nanoTime();
        long read = walkAndRead(tree);
        double walk = (System.nanoTime() - t0) / 1e9;

        ObjectMapper json = new ObjectMapper();
        try (Container c = Container.start(dir.resolve("container"))) {
            String location = c.registry().call(Caller.host("bench"), "vdfs.location_add", null,
                    json.createObjectNode().put("path", tree.toString())).path("uuid").asText();
            long t1 = System.nanoTime();
            JobRecord job = c.jobs().dispatch("core:index_location", null,
                    json.createObjectNode().put("location_id", location));
            JobRecord done = c.jobs().await(job.id(), Duration.ofMinutes(20));
            double index = (System.nanoTime() - t1) / 1e9;
            if (done.status() != JobStatus.COMPLETED) {
                throw new IllegalStateException("indexing ended " + done);
            }
            long entries = c.registry().call(Caller.host("bench"), "vdfs.location_list", null, null).get(0)
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
