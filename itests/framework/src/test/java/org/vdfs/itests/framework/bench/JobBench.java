package org.vdfs.itests.framework.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobOutcome;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.job.JobType;
import org.vdfs.itests.framework.Container;

/**
 * The job manager: durable checkpoint cost, dispatch-to-start latency and the
 * throughput of tiny jobs, each next to a baseline taken in the same JVM.
 */
final class JobBench {

    private static final int CHECKPOINTS = 3_000;
    private static final int LATENCY_RUNS = 300;
    private static final int TINY_JOBS = 10_000;
    private static final String STATE = "{\"current\":12345,\"target\":100000,\"processed\":12345}";

    private JobBench() {
    }

    static void run(Path dir, List<String> summary) throws Exception {
        System.out.println();
        System.out.println("== Jobs: durable checkpoints, dispatch latency, tiny-job throughput ==");
        double[] checkpoints = new double[CHECKPOINTS];
        Map<UUID, Long> started = new ConcurrentHashMap<>();
        try (Container c = Container.start(dir.resolve("container"))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(JobType.NAME, "bench:checkpoints");
            c.context().registerService(JobType.class, ctx -> {
                for (int i = 0; i < CHECKPOINTS; i++) {
                    long t = System.nanoTime();
                    ctx.checkpoint(STATE);
                    checkpoints[i] = System.nanoTime() - t;
                }
                return JobOutcome.completed();
            }, props);
            Hashtable<String, Object> noop = new Hashtable<>();
            noop.put(JobType.NAME, "bench:noop");
            c.context().registerService(JobType.class, ctx -> {
                started.putIfAbsent(ctx.jobId(), System.nanoTime());
                return JobOutcome.completed();
            }, noop);
            JobManager jobs = c.jobs();

            check(jobs.await(jobs.dispatch("bench:checkpoints", null, null).id(), Duration.ofMinutes(2)).status());
            double[] rawUpdates = rawH2Updates(dir.resolve("raw"));

            double[] latency = new double[LATENCY_RUNS];
            for (int i = -50; i < LATENCY_RUNS; i++) { // 50 warm-up runs
                long t = System.nanoTime();
                UUID id = jobs.dispatch("bench:noop", null, null).id();
                check(jobs.await(id, Duration.ofSeconds(30)).status());
                if (i >= 0) {
                    latency[i] = started.get(id) - t;
                }
            }
            double[] handOff = executorHandOff();

            long t0 = System.nanoTime();
            List<UUID> ids = new ArrayList<>(TINY_JOBS);
            for (int i = 0; i < TINY_JOBS; i++) {
                ids.add(jobs.dispatch("bench:noop", null, null).id());
            }
            for (UUID id : ids) {
                check(jobs.await(id, Duration.ofMinutes(5)).status());
            }
            double perSecond = TINY_JOBS / ((System.nanoTime() - t0) / 1e9);
            double executorPerSecond = executorThroughput();

            Arrays.sort(checkpoints);
            double cp = checkpoints[CHECKPOINTS / 2];
            System.out.printf(Locale.ROOT, "durable checkpoint (job_checkpoint's Java side, small state): median %,.0f us, "
                    + "p90 %,.0f -- baseline raw H2 UPDATE of one row (WRITE_DELAY=0) %,.0f us -- ratio %.1fx   "
                    + "[target <= 1 ms: %s]%n", cp / 1e3, checkpoints[CHECKPOINTS * 9 / 10] / 1e3,
                    Benchmarks.medianOf(rawUpdates) / 1e3, cp / Benchmarks.medianOf(rawUpdates),
                    cp <= 1e6 ? "met" : "MISSED");
            System.out.printf(Locale.ROOT, "dispatch to start, idle pool: median %,.0f us, p90 %,.0f -- baseline "
                    + "ExecutorService hand-off %,.1f us -- ratio %.0fx%n", Benchmarks.medianOf(latency) / 1e3,
                    Benchmarks.p90Of(latency) / 1e3, Benchmarks.medianOf(handOff) / 1e3,
                    Benchmarks.medianOf(latency) / Benchmarks.medianOf(handOff));
            System.out.printf(Locale.ROOT, "%,d tiny jobs, dispatched then awaited: %,.0f jobs/s -- baseline %,d no-op "
                    + "tasks on an executor of the same size %,.0f tasks/s%n", TINY_JOBS, perSecond, TINY_JOBS,
                    executorPerSecond);
            summary.add(String.format(Locale.ROOT, "| durable checkpoint (median / p90) | %,.0f / %,.0f us | raw H2 "
                    + "UPDATE: %,.0f us | %.1fx | <= 1 ms: %s |", cp / 1e3, checkpoints[CHECKPOINTS * 9 / 10] / 1e3,
                    Benchmarks.medianOf(rawUpdates) / 1e3, cp / Benchmarks.medianOf(rawUpdates),
                    cp <= 1e6 ? "met" : "**missed**"));
            summary.add(String.format(Locale.ROOT, "| dispatch to start, idle pool (median) | %,.0f us | executor "
                    + "hand-off: %,.1f us | %.0fx | - |", Benchmarks.medianOf(latency) / 1e3,
                    Benchmarks.medianOf(handOff) / 1e3, Benchmarks.medianOf(latency) / Benchmarks.medianOf(handOff)));
            summary.add(String.format(Locale.ROOT, "| %,d tiny jobs | %,.0f jobs/s | executor, no-op tasks: %,.0f "
                    + "tasks/s | %.3fx | - |", TINY_JOBS, perSecond, executorPerSecond, perSecond / executorPerSecond));
        }
    }

    private static void check(JobStatus status) {
        if (status != JobStatus.COMPLETED) {
            throw new IllegalStateException("a benchmark job ended " + status);
        }
    }

    /** The floor of a checkpoint: one UPDATE of a job-sized row in an H2 file database with WRITE_DELAY=0. */
    private static double[] rawH2Updates(Path dir) throws Exception {
        Files.createDirectories(dir);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("raw").toAbsolutePath() + ";WRITE_DELAY=0");
        double[] out = new double[CHECKPOINTS];
        try (Connection c = ds.getConnection("bench", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id UUID PRIMARY KEY, checkpoint CLOB, at TIMESTAMP WITH TIME ZONE, "
                        + "items BIGINT)");
            }
            UUID id = UUID.randomUUID();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, NULL, NULL, 0)")) {
                ins.setObject(1, id);
                ins.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE t SET checkpoint=?, at=CURRENT_TIMESTAMP, items=? "
                    + "WHERE id=?")) {
                for (int i = 0; i < CHECKPOINTS; i++) {
                    long t = System.nanoTime();
                    ps.setString(1, STATE);
                    ps.setLong(2, i);
                    ps.setObject(3, id);
                    ps.executeUpdate();
                    out[i] = System.nanoTime() - t;
                }
            }
        }
        return out;
    }

    private static double[] executorHandOff() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            double[] out = new double[LATENCY_RUNS];
            for (int i = -50; i < LATENCY_RUNS; i++) {
                long t = System.nanoTime();
                long start = pool.submit(System::nanoTime).get();
                if (i >= 0) {
                    out[i] = start - t;
                }
                Thread.sleep(1); // let the worker go idle, as the job pool is between dispatches
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static double executorThroughput() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long t = System.nanoTime();
            List<Future<?>> all = new ArrayList<>(TINY_JOBS);
            for (int i = 0; i < TINY_JOBS; i++) {
                all.add(pool.submit(() -> { }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            return TINY_JOBS / ((System.nanoTime() - t) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
