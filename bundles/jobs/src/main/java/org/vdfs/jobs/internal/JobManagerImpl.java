package org.vdfs.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.job.JobException;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobOutcome;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.job.JobType;

/**
 * The job manager: a queue, a bounded pool of workers, per-extension limits,
 * records and checkpoints in H2, progress on Event Admin. Job types come and go
 * with their bundles (whiteboard); a job whose type is away waits for it.
 */
@Component(service = JobManager.class, immediate = true, configurationPid = "org.vdfs.jobs")
@Designate(ocd = JobsConfig.class)
public class JobManagerImpl implements JobManager, Run.Reports {

    private static final Logger LOG = LoggerFactory.getLogger(JobManagerImpl.class);
    static final String CORE = "core";

    /** A registered job type and the bundle that brought it. */
    private record TypeEntry(JobType type, boolean resumable, long bundleId) {
    }

    private final Map<String, TypeEntry> types = new ConcurrentHashMap<>();
    private final Map<UUID, Run> running = new HashMap<>();
    /** Queued jobs in order, with their type: scheduling reads no database. */
    private final ArrayDeque<UUID> queue = new ArrayDeque<>();
    private final Map<UUID, String> queuedTypes = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExtensionRegistry extensions;

    private JobStore store;
    private JobsConfig config;
    private ExecutorService workers;
    private ScheduledExecutorService timers;
    private ExecutorService tasks;
    private BundleContext context;
    private BundleListener uninstalls;
    private volatile boolean active;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addJobType(ServiceReference<JobType> ref, JobType type) {
        Object name = ref.getProperty(JobType.NAME);
        if (!(name instanceof String) || !((String) name).contains(":")) {
            LOG.warn("Ignoring a job type of bundle {} without a {} property like `owner:name`",
                    ref.getBundle().getSymbolicName(), JobType.NAME);
            return;
        }
        types.put((String) name, new TypeEntry(type, Boolean.TRUE.equals(ref.getProperty(JobType.RESUMABLE))
                || "true".equals(String.valueOf(ref.getProperty(JobType.RESUMABLE))), ref.getBundle().getBundleId()));
        if (active) {
            schedule();
        }
    }

    void removeJobType(ServiceReference<JobType> ref, JobType type) {
        types.computeIfPresent(String.valueOf(ref.getProperty(JobType.NAME)), (name, e) -> e.type() == type ? null : e);
    }

    @Activate
    void activate(BundleContext ctx, JobsConfig cfg) throws Exception {
        context = ctx;
        config = cfg;
        String data = ctx.getProperty("vdfs.data") == null ? "data" : ctx.getProperty("vdfs.data");
        Path dir = cfg.data_dir().isBlank() ? Paths.get(data, "jobs") : Paths.get(cfg.data_dir());
        Files.createDirectories(dir);
        store = new JobStore(dir);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, cfg.workers()), r -> {
            Thread t = new Thread(r, "vdfs-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vdfs-job-timer");
            t.setDaemon(true);
            return t;
        });
        tasks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vdfs-job-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        recover();
        uninstalls = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
                cancelJobsOf(event.getBundle());
            }
        };
        ctx.addBundleListener(uninstalls);
        active = true;
        LOG.info("Job manager ready: {} workers, database in {}", cfg.workers(), dir.toAbsolutePath());
        schedule();
    }

    /** After a crash or a restart: running jobs resume from their checkpoint if they can. */
    private void recover() throws SQLException {
        for (JobRecord r : store.unfinished()) {
            if (r.status() == JobStatus.RUNNING) {
                if (store.resumable(r.id())) {
                    store.update(with(r, JobStatus.QUEUED, "resumes from its last checkpoint after the host stopped"));
                    enqueue(r.id(), r.type(), false);
                    LOG.info("Job {} ({}) was running when the host stopped; it resumes from its last checkpoint",
                            r.id(), r.type());
                } else {
                    store.update(finished(r, JobStatus.FAILED,
                            "the host stopped while it ran, and the job cannot resume from a checkpoint"));
                }
            } else if (r.status() == JobStatus.QUEUED) {
                enqueue(r.id(), r.type(), false);
            }
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        active = false;
        context.removeBundleListener(uninstalls);
        List<Run> runs;
        synchronized (this) {
            runs = new ArrayList<>(running.values());
        }
        for (Run run : runs) {
            run.requestStop(Run.Stop.SHUTDOWN); // they checkpoint and are queued again for the next start
        }
        awaitRuns(runs, config.interrupt_grace_ms());
        runs.forEach(Run::hardStop);
        awaitRuns(runs, config.interrupt_grace_ms());
        workers.shutdownNow();
        timers.shutdownNow();
        tasks.shutdownNow();
        store.close();
    }

    private void awaitRuns(List<Run> runs, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        synchronized (this) {
            while (runs.stream().anyMatch(r -> running.containsKey(r.jobId()))) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        }
    }

    @Override
    public JobRecord dispatch(String type, UUID libraryId, JsonNode parameters) throws JobException {
        TypeEntry entry = types.get(type);
        if (entry == null) {
            throw new JobException("no job type `" + type + "` is registered (known: "
                    + String.join(", ", new java.util.TreeSet<>(types.keySet())) + ")");
        }
        JobRecord r = new JobRecord(UUID.randomUUID(), type, libraryId, JobStatus.QUEUED, 0, null, 0, 0, List.of(),
                parameters == null || parameters.isNull() ? null : parameters.toString(), null, null, Instant.now(),
                null, null, null);
        try {
            store.insert(r, entry.resumable());
        } catch (SQLException e) {
            throw new JobException("cannot record the job: " + e.getMessage());
        }
        synchronized (this) {
            enqueue(r.id(), type, false);
        }
        post(r);
        schedule();
        return r;
    }

    @Override
    public Optional<JobRecord> get(UUID jobId) {
        synchronized (this) {
            Run run = running.get(jobId);
            if (run != null) {
                return Optional.of(run.snapshot(JobStatus.RUNNING, run.startedAt, null, null));
            }
        }
        try {
            return Optional.ofNullable(store.get(jobId));
        } catch (SQLException e) {
            LOG.warn("Cannot read job {}: {}", jobId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<JobRecord> list(String owner, int limit) {
        try {
            List<JobRecord> records = store.list(owner, Math.max(1, limit));
            List<JobRecord> live = new ArrayList<>(records.size());
            for (JobRecord r : records) {
                live.add(r.status() == JobStatus.RUNNING ? get(r.id()).orElse(r) : r);
            }
            return live;
        } catch (SQLException e) {
            LOG.warn("Cannot list jobs: {}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public JobRecord pause(UUID jobId) throws JobException {
        return stop(jobId, Run.Stop.PAUSE, JobStatus.PAUSED);
    }

    @Override
    public JobRecord cancel(UUID jobId) throws JobException {
        return stop(jobId, Run.Stop.CANCEL, JobStatus.CANCELLED);
    }

    private JobRecord stop(UUID jobId, Run.Stop why, JobStatus status) throws JobException {
        JobRecord changed;
        synchronized (this) {
            Run run = running.get(jobId);
            if (run != null) {
                run.requestStop(why);
                // a guest that ignores job_check_interrupt is interrupted after the grace period
                timers.schedule(() -> {
                    synchronized (this) {
                        if (running.get(jobId) != run) {
                            return;
                        }
                    }
                    LOG.warn("Job {} ignored the request to stop for {} ms; interrupting it", jobId,
                            config.interrupt_grace_ms());
                    run.hardStop();
                }, config.interrupt_grace_ms(), TimeUnit.MILLISECONDS);
                return run.snapshot(JobStatus.RUNNING, run.startedAt, null, null);
            }
            JobRecord r = require(jobId);
            if (r.status().isFinal()) {
                throw new JobException("job " + jobId + " has already ended (" + r.status().label() + ")");
            }
            if (r.status() == status) {
                return r;
            }
            queuedTypes.remove(jobId);
            queue.remove(jobId);
            changed = status.isFinal() ? finished(r, status, "cancelled by request") : with(r, status, r.error());
            save(changed);
            notifyAll();
        }
        post(changed);
        return changed;
    }

    @Override
    public JobRecord resume(UUID jobId) throws JobException {
        JobRecord queued;
        synchronized (this) {
            JobRecord r = require(jobId);
            if (r.status() != JobStatus.PAUSED) {
                throw new JobException("job " + jobId + " is " + r.status().label() + ", not paused");
            }
            queued = with(r, JobStatus.QUEUED, null);
            save(queued);
            enqueue(jobId, r.type(), false);
        }
        post(queued);
        schedule();
        return queued;
    }

    @Override
    public JobRecord await(UUID jobId, Duration timeout) throws JobException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                JobRecord r = running.containsKey(jobId) ? null : require(jobId);
                if (r != null && (r.status().isFinal() || r.status() == JobStatus.PAUSED)) {
                    return r;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return get(jobId).orElseThrow();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Override
    public int prune(Instant before) {
        try {
            return store.prune(before);
        } catch (SQLException e) {
            LOG.warn("Cannot prune jobs: {}", e.getMessage());
            return 0;
        }
    }

    private void enqueue(UUID id, String type, boolean first) {
        queuedTypes.put(id, type);
        if (first) {
            queue.addFirst(id);
        } else {
            queue.add(id);
        }
    }

    /** Starts queued jobs while workers, their owner's limit and their type allow. */
    private void schedule() {
        List<Run> toStart = new ArrayList<>();
        synchronized (this) {
            if (!active) {
                return;
            }
            Map<String, Integer> perOwner = new HashMap<>();
            for (Run r : running.values()) {
                perOwner.merge(owner(r.type()), 1, Integer::sum);
            }
            int free = Math.max(1, config.workers()) - running.size();
            for (Iterator<UUID> it = queue.iterator(); it.hasNext() && free > 0;) {
                UUID id = it.next();
                String type = queuedTypes.get(id);
                if (type == null) {
                    it.remove(); // paused or cancelled while queued
                    continue;
                }
                String owner = owner(type);
                if (!types.containsKey(type) || perOwner.getOrDefault(owner, 0) >= limit(owner)) {
                    continue; // waits: its type is away, or its owner runs as many as it may
                }
                JobRecord r;
                try {
                    r = store.get(id);
                } catch (SQLException e) {
                    LOG.warn("Cannot read queued job {}: {}", id, e.getMessage());
                    continue;
                }
                it.remove();
                queuedTypes.remove(id);
                if (r == null || r.status() != JobStatus.QUEUED) {
                    continue;
                }
                perOwner.merge(owner, 1, Integer::sum);
                free--;
                Run run = new Run(r, this);
                run.startedAt = r.startedAt() == null ? Instant.now() : r.startedAt();
                running.put(id, run);
                toStart.add(run);
            }
        }
        for (Run run : toStart) {
            JobRecord started = run.snapshot(JobStatus.RUNNING, run.startedAt, null, null);
            save(started);
            post(started);
            workers.execute(() -> execute(run));
        }
    }

    private void execute(Run run) {
        TypeEntry entry = types.get(run.type());
        JobOutcome outcome;
        try {
            outcome = entry == null ? JobOutcome.interrupted() : entry.type().run(run);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Job {} ({}) threw", run.jobId(), run.type(), e);
            outcome = JobOutcome.failed(run.type() + " threw " + e);
        }
        finish(run, outcome == null ? JobOutcome.failed("the job returned no outcome") : outcome);
    }

    private void finish(Run run, JobOutcome outcome) {
        UUID id = run.jobId();
        JobRecord end;
        // Decided and saved under the lock that stop() holds while it asks a run to stop: a cancel
        // (say, of an uninstalled extension's jobs) that arrives while the run ends is never lost.
        synchronized (this) {
            end = endOf(run, outcome);
            save(end);
            running.remove(id);
            if (end.status() == JobStatus.QUEUED) {
                enqueue(id, run.type(), true);
            }
            notifyAll();
        }
        LOG.info("Job {} ({}) {}{}", id, run.type(), end.status().label(), end.error() != null ? ": " + end.error()
                : outcome.kind() == JobOutcome.Kind.RETRY ? " to run again: " + outcome.message() : "");
        post(end);
        schedule();
    }

    private static JobRecord endOf(Run run, JobOutcome outcome) {
        Instant started = run.startedAt;
        JobRecord end;
        Run.Stop stop = run.stopRequested();
        switch (outcome.kind()) {
            case COMPLETED:
                end = run.snapshot(JobStatus.COMPLETED, started, Instant.now(), null);
                end = new JobRecord(end.id(), end.type(), end.libraryId(), end.status(), 1.0, end.message(),
                        end.items(), end.bytes(), end.warnings(), end.parameters(), end.checkpoint(),
                        end.checkpointAt(), end.createdAt(), end.startedAt(), end.finishedAt(), null);
                break;
            case FAILED:
                end = stop == Run.Stop.CANCEL ? run.snapshot(JobStatus.CANCELLED, started, Instant.now(), "cancelled by request")
                        : run.snapshot(JobStatus.FAILED, started, Instant.now(), outcome.message());
                break;
            case RETRY:
                if (stop == Run.Stop.CANCEL) {
                    end = run.snapshot(JobStatus.CANCELLED, started, Instant.now(), "cancelled by request");
                } else if (stop == Run.Stop.PAUSE) {
                    end = run.rewound(JobStatus.PAUSED, started);
                } else {
                    end = run.rewound(JobStatus.QUEUED, started); // first in the queue: it runs again at once
                }
                break;
            default:
                if (stop == Run.Stop.CANCEL) {
                    end = run.snapshot(JobStatus.CANCELLED, started, Instant.now(), "cancelled by request");
                } else if (stop == Run.Stop.PAUSE) {
                    end = run.snapshot(JobStatus.PAUSED, started, null, null);
                } else {
                    // stopped by its extension going away (upgrade, restart) or by shutdown: wait for it
                    end = run.snapshot(JobStatus.QUEUED, started, null,
                            "waiting for `" + run.type() + "` to be available again");
                }
        }
        return end;
    }

    /** Bundle uninstalled: its jobs are cancelled, their records kept. */
    private void cancelJobsOf(Bundle bundle) {
        String id = bundle.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER) == null ? null : bundle.getSymbolicName();
        if (id == null) {
            return;
        }
        for (JobRecord r : list(id, Integer.MAX_VALUE)) {
            if (!r.status().isFinal()) {
                try {
                    cancel(r.id());
                } catch (JobException e) {
                    LOG.debug("{}", e.getMessage());
                }
            }
        }
    }

    @Override
    public boolean checkpoint(Run run, JobRecord withCheckpoint) {
        try {
            store.update(withCheckpoint);
            return true;
        } catch (SQLException e) {
            LOG.warn("Checkpoint of job {} failed: {}", run.jobId(), e.getMessage());
            return false;
        }
    }

    @Override
    public ExecutorService tasks() {
        return tasks;
    }

    @Override
    public void progressed(Run run) {
        long now = System.nanoTime();
        if (now - run.lastEventNanos >= TimeUnit.MILLISECONDS.toNanos(config.progress_event_interval_ms())) {
            run.lastEventNanos = now;
            post(run.snapshot(JobStatus.RUNNING, run.startedAt, null, null), "PROGRESS");
        }
    }

    private int limit(String owner) {
        if (CORE.equals(owner)) {
            return Math.max(1, config.core_concurrent_jobs());
        }
        ExtensionRegistry registry = extensions;
        return registry == null ? Permissions.DEFAULT_CONCURRENT_JOBS
                : registry.find(owner).map(i -> i.manifest().permissions().concurrentJobs())
                        .orElse(Permissions.DEFAULT_CONCURRENT_JOBS);
    }

    static String owner(String type) {
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(0, colon);
    }

    private JobRecord require(UUID id) throws JobException {
        try {
            JobRecord r = store.get(id);
            if (r == null) {
                throw new JobException("no job " + id);
            }
            return r;
        } catch (SQLException e) {
            throw new JobException("cannot read job " + id + ": " + e.getMessage());
        }
    }

    private void save(JobRecord r) {
        try {
            store.update(r);
        } catch (SQLException e) {
            LOG.error("Cannot store job {}: {}", r.id(), e.getMessage());
        }
    }

    private static JobRecord with(JobRecord r, JobStatus status, String error) {
        return new JobRecord(r.id(), r.type(), r.libraryId(), status, r.progress(), r.message(), r.items(), r.bytes(),
                r.warnings(), r.parameters(), r.checkpoint(), r.checkpointAt(), r.createdAt(), r.startedAt(),
                r.finishedAt(), error);
    }

    private static JobRecord finished(JobRecord r, JobStatus status, String error) {
        return new JobRecord(r.id(), r.type(), r.libraryId(), status, r.progress(), r.message(), r.items(), r.bytes(),
                r.warnings(), r.parameters(), r.checkpoint(), r.checkpointAt(), r.createdAt(), r.startedAt(),
                Instant.now(), error);
    }

    private void post(JobRecord r) {
        post(r, r.status().name());
    }

    private void post(JobRecord r, String topic) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put("job.id", r.id().toString());
        props.put("job.type", r.type());
        props.put("job.status", r.status().label());
        props.put("job.progress", r.progress());
        props.put("job.items", r.items());
        props.put("job.bytes", r.bytes());
        if (r.message() != null) {
            props.put("job.message", r.message());
        }
        if (r.error() != null) {
            props.put("job.error", r.error());
        }
        admin.postEvent(new Event(TOPIC_PREFIX + topic, props));
    }
}
