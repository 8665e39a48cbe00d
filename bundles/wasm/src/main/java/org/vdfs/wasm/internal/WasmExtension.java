package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.extension.ExtensionStats;
import org.vdfs.api.extension.JobDefinition;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.job.JobContext;
import org.vdfs.api.job.JobOutcome;
import org.vdfs.api.job.JobType;
import org.vdfs.api.guard.ResourceLimits;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationKind;
import org.vdfs.api.operation.OperationRegistry;

/**
 * One extension, from its module to its registered operations: starts it
 * (instantiate, {@code plugin_init}), serves calls of its exports from a pool
 * of instances, and stops it ({@code plugin_cleanup}, unregister everything).
 */
final class WasmExtension {

    private static final Pattern OPERATION_NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9_][a-z0-9_.-]*");
    private static final Duration CLEANUP_DEADLINE = Duration.ofSeconds(2);
    /** How long a job gets to checkpoint and return when the extension stops, before it is interrupted. */
    private static final long JOB_STOP_GRACE_MS = 5_000;
    /** Service property naming the extension that contributed an operation or job type. */
    static final String EXTENSION_ID = "vdfs.extension.id";

    /** An operation the guest exports: its registry name suffix, export and kind. */
    record ExportedOperation(String name, String export, OperationKind kind) {
    }

    private final ExtensionManifest manifest;
    private final Bundle bundle;
    private final LoadedModule module;
    private final RuntimeOptions options;
    private final OperationRegistry registry;
    private final PermissionGuard guard;
    private final GuestExecutor executor;
    private final HostFunctions host;
    private final ActiveJobs jobs;
    /** Per job: the task whose timeout ended its last run, to be retried in the next. */
    private final Map<UUID, WasmJob.Retry> taskRetries = new ConcurrentHashMap<>();
    final ExtensionStatsCounters stats = new ExtensionStatsCounters();

    private final Map<String, ExportedOperation> operations = new LinkedHashMap<>();
    private final Map<String, JobDefinition> jobDefinitions = new LinkedHashMap<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    /** Registrations are taken from the first instance's plugin_init only; later instances must agree. */
    private volatile boolean firstInit;
    private volatile ExtensionState state = ExtensionState.STARTING;
    private volatile String error;
    private ResourceLimits limits;
    private MemoryLimits memoryLimits;
    private InstancePool pool;

    WasmExtension(ExtensionPackage pkg, Bundle bundle, LoadedModule module, RuntimeOptions options,
            OperationRegistry registry, PermissionGuard guard, GuestExecutor executor) {
        this.manifest = pkg.manifest(); // not the package: its bytes are not needed once compiled
        this.bundle = bundle;
        this.module = module;
        this.options = options;
        this.registry = registry;
        this.guard = guard;
        this.executor = executor;
        Logger guestLog = LoggerFactory.getLogger("vdfs.extension." + manifest.id());
        this.host = new HostFunctions(this, guestLog);
        this.jobs = new ActiveJobs(guestLog);
    }

    /** An extension that could not even be loaded; listed so the user sees why. */
    static ExtensionInfo failed(ExtensionManifest manifest, Bundle bundle, String error) {
        return new ExtensionInfo(manifest, ExtensionState.FAILED, error, bundle.getBundleId(), List.of(), List.of(),
                new ExtensionStats(0, 0, 0, 0, 0, 0, false));
    }

    String id() {
        return manifest.id();
    }

    ExtensionManifest manifest() {
        return manifest;
    }

    Bundle bundle() {
        return bundle;
    }

    RuntimeOptions options() {
        return options;
    }

    OperationRegistry registry() {
        return registry;
    }

    ActiveJobs jobs() {
        return jobs;
    }

    ExtensionState state() {
        return state;
    }

    /** Instantiates the first instance, runs its plugin_init and publishes its operations. */
    void start() throws ExtensionException {
        try {
            guard.enroll(id(), manifest().permissions());
            limits = guard.limits(id());
            memoryLimits = module.memoryLimits(id(), limits.maxMemoryPages());
            pool = new InstancePool(this::newInstance, options.poolSize());
            firstInit = true;
            GuestInstance first = executor.call("start of extension `" + id() + "`", limits.callDeadline(),
                    () -> pool.borrow(limits.callDeadline(), id()));
            firstInit = false;
            pool.release(first);
            publishOperations();
            state = ExtensionState.ACTIVE;
        } catch (ExtensionException | OperationException | RuntimeException e) {
            String message = e.getMessage();
            stop();
            state = ExtensionState.FAILED;
            error = message;
            throw e instanceof ExtensionException ? (ExtensionException) e : new ExtensionException(message, e);
        }
    }

    private GuestInstance newInstance() throws OperationException {
        GuestInstance.Slot slot = new GuestInstance.Slot();
        Instance instance = Instance.builder(module.module())
                .withImportValues(host.link(module.imports(), slot))
                .withMachineFactory(module.machineFactory())
                .withMemoryLimits(memoryLimits)
                .withStart(false) // ABI: _start is never run implicitly
                .build();
        GuestInstance guest = new GuestInstance(instance);
        slot.guest = guest;
        if (GuestInstance.exports(instance, "plugin_init")) {
            long rc = guest.function("plugin_init").apply()[0];
            if (rc != 0) {
                throw new OperationException(ErrorCodes.INTERNAL,
                        "plugin_init of extension `" + id() + "` returned " + rc + " (0 means ok)");
            }
        }
        return guest;
    }

    private void publishOperations() {
        for (ExportedOperation op : operations.values()) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Operation.NAME, id() + "." + op.name());
            props.put(Operation.KIND, op.kind().label());
            props.put(Operation.DESCRIPTION, "exported by extension " + id() + " (" + op.export() + ")");
            props.put(EXTENSION_ID, id());
            // Registered through the extension's own bundle: OSGi drops them if that bundle goes away.
            registrations.add(bundle.getBundleContext().registerService(Operation.class,
                    invocation -> invoke(op, invocation.input()), props));
        }
        for (JobDefinition job : jobDefinitions.values()) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(JobType.NAME, job.fullName());
            props.put(JobType.RESUMABLE, job.resumable());
            props.put(EXTENSION_ID, id());
            registrations.add(bundle.getBundleContext().registerService(JobType.class, ctx -> runJob(job, ctx), props));
        }
    }

    /** Stops serving: unregisters operations, runs plugin_cleanup on idle instances, releases everything. */
    void stop() {
        if (state == ExtensionState.ACTIVE) {
            state = ExtensionState.STOPPING;
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle stopped first and OSGi removed it
            }
        }
        registrations.clear();
        stopRunningJobs();
        if (pool != null) {
            for (GuestInstance g : pool.close()) {
                try {
                    executor.call("plugin_cleanup of extension `" + id() + "`", CLEANUP_DEADLINE, () -> {
                        cleanup(g);
                        return null;
                    });
                } catch (OperationException e) {
                    LoggerFactory.getLogger(WasmExtension.class).warn(e.getMessage());
                }
            }
        }
        guard.withdraw(id());
    }

    /** Calls an exported operation on a pooled instance. */
    JsonNode invoke(ExportedOperation op, JsonNode input) throws OperationException {
        if (state != ExtensionState.ACTIVE) {
            throw new OperationException(ErrorCodes.UNAVAILABLE, "extension `" + id() + "` is " + state.name().toLowerCase());
        }
        stats.invocations.increment();
        String what = "operation `" + id() + "." + op.name() + "`";
        GuestExecutor.GuestTask<JsonNode> call = () -> {
            GuestInstance g = pool.borrow(limits.callDeadline(), id());
            boolean healthy = false;
            byte[] result;
            try {
                byte[] in = input == null || input.isNull() ? new byte[0] : Json.MAPPER.writeValueAsBytes(input);
                int inPtr = in.length == 0 ? 0 : g.copyIn(in, 0);
                if (in.length > 0 && inPtr == 0) {
                    throw new OperationException(ErrorCodes.INTERNAL, what + ": the guest could not allocate its input");
                }
                long out = g.function(op.export()).apply(inPtr, in.length)[0];
                result = g.takeResult(out, what);
                g.free(inPtr, in.length); // newest first: lets stack-like guest allocators rewind
                healthy = true;
            } catch (JsonProcessingException e) {
                healthy = true;
                throw new OperationException(ErrorCodes.INVALID_PAYLOAD, "cannot serialise the input: " + e.getMessage());
            } finally {
                if (healthy) {
                    pool.release(g);
                } else {
                    stats.traps.increment();
                    pool.discard(g);
                }
            }
            return Json.unwrap(result, what);
        };
        return options.onCallerThread() ? executor.callOnCaller(what, limits.callDeadline(), call)
                : executor.call(what, limits.callDeadline(), call);
    }

    /**
     * Runs one job in an instance of its own: a job holds its instance for as
     * long as it runs, which must not starve the pool that serves operations.
     */
    JobOutcome runJob(JobDefinition job, JobContext ctx) {
        if (state != ExtensionState.ACTIVE) {
            return JobOutcome.interrupted();
        }
        WasmJob run = new WasmJob(ctx, (ms, action) -> executor.after(ms, action), taskRetries.remove(ctx.jobId()));
        jobs.start(ctx.jobId(), run);
        String what = "job `" + job.fullName() + "`";
        // ABI: {"job_id": "<uuid>", "library_id": "<uuid or null>"}; UUIDs need no escaping
        byte[] context = ("{\"job_id\":\"" + ctx.jobId() + "\",\"library_id\":"
                + (ctx.libraryId() == null ? "null" : "\"" + ctx.libraryId() + "\"") + "}")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            long rc = executor.callUntilStopped(what, run::hardStop, () -> {
                GuestInstance g = newInstance();
                byte[] state = ctx.state() == null ? new byte[0] : ctx.state().getBytes(StandardCharsets.UTF_8);
                int contextPtr = g.copyIn(context, 0);
                int statePtr = state.length == 0 ? 0 : g.copyIn(state, 0);
                if (contextPtr == 0 || (state.length > 0 && statePtr == 0)) {
                    throw new OperationException(ErrorCodes.INTERNAL, what + ": the guest could not allocate its input");
                }
                long result = g.function(job.export()).apply(contextPtr, context.length, statePtr, state.length)[0];
                cleanup(g);
                return result;
            });
            WasmJob.Attempt late = run.timedOut();
            if (late != null) {
                return taskTimedOut(job, ctx, late); // it returned, but after its task's deadline
            }
            switch ((int) rc) {
                case 0:
                    return JobOutcome.completed();
                case 1:
                    return JobOutcome.interrupted();
                default:
                    return JobOutcome.failed(what + " returned " + rc + " (failed)");
            }
        } catch (OperationException e) {
            WasmJob.Attempt late = run.timedOut();
            if (late != null) {
                return taskTimedOut(job, ctx, late);
            }
            if (ErrorCodes.DEADLINE_EXCEEDED.equals(e.code())) {
                return JobOutcome.interrupted(); // stopped after ignoring the request: its last checkpoint stands
            }
            stats.traps.increment();
            return JobOutcome.failed(e.getMessage());
        } finally {
            run.disarmTasks();
            jobs.end(ctx.jobId());
            run.ended();
        }
    }

    /**
     * A task ran past its timeout and the guest was stopped. The instance is gone, so a retry
     * is a new run of the job from its last checkpoint, told which task start to count as
     * the next attempt; with no retries left the job fails.
     */
    private JobOutcome taskTimedOut(JobDefinition job, JobContext ctx, WasmJob.Attempt late) {
        int made = late.attempt() + 1;
        String task = "task `" + late.name() + "` of job `" + job.fullName() + "` ran past its timeout of "
                + late.timeoutMs() + " ms";
        if (made > late.retries()) {
            return JobOutcome.failed(task + " and was stopped, " + (made == 1 ? "on its only attempt"
                    : "on all " + made + " attempts") + " (retries = " + late.retries() + ")");
        }
        ctx.warning(task + " and was stopped (attempt " + made + " of " + (late.retries() + 1)
                + "); the job runs again from its last checkpoint");
        taskRetries.put(ctx.jobId(), new WasmJob.Retry(late.name(), late.index(), made));
        return JobOutcome.retry(task);
    }

    private void cleanup(GuestInstance g) {
        if (GuestInstance.exports(g.instance, "plugin_cleanup")) {
            g.function("plugin_cleanup").apply();
        }
    }

    /** Asks running jobs to checkpoint and return (they resume when the extension is back). */
    private void stopRunningJobs() {
        for (ActiveJobs.JobSink sink : jobs.running()) {
            try {
                ((WasmJob) sink).stop(JOB_STOP_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return why the registration is refused, or {@code null} when accepted */
    String registerOperation(String name, String export, int kind) {
        if (!OPERATION_NAME.matcher(name).matches()) {
            return "operation name \"" + name + "\" must be lower-case words joined by '.' (e.g. \"photos.search\")";
        }
        if (kind != 0 && kind != 1) {
            return "operation kind must be 0 (query) or 1 (action), not " + kind;
        }
        ExportedOperation op = new ExportedOperation(name, export, kind == 1 ? OperationKind.ACTION : OperationKind.QUERY);
        return register(operations, name, op, export, LoadedModule.OPERATION_EXPORT, "operation");
    }

    String registerJob(String name, String export, boolean resumable) {
        if (!JOB_NAME.matcher(name).matches()) {
            return "job name \"" + name + "\" must be lower-case letters, digits, '_', '.' or '-'";
        }
        return register(jobDefinitions, name, new JobDefinition(id(), name, export, resumable), export,
                LoadedModule.JOB_EXPORT, "job");
    }

    private synchronized <T> String register(Map<String, T> into, String name, T value, String export,
            FunctionType type, String what) {
        FunctionType actual = LoadedModule.exportedFunctionType(module.module(), export);
        if (actual == null) {
            return what + " `" + name + "` names export `" + export + "`, which the module does not export";
        }
        if (!actual.equals(type)) {
            return what + " `" + name + "`: export `" + export + "` is " + AbiImport.describe(actual)
                    + ", the ABI wants " + AbiImport.describe(type);
        }
        T existing = into.get(name);
        if (existing != null) {
            return existing.equals(value) && !firstInit ? null : what + " `" + name + "` is registered twice";
        }
        if (!firstInit) {
            return what + "s can only be registered from plugin_init when the extension starts";
        }
        into.put(name, value);
        return null;
    }

    ExtensionInfo info() {
        List<String> ops = new ArrayList<>();
        for (ExportedOperation op : operations.values()) {
            ops.add(id() + "." + op.name());
        }
        InstancePool p = pool;
        return new ExtensionInfo(manifest(), state, error, bundle.getBundleId(), ops,
                new ArrayList<>(jobDefinitions.values()),
                new ExtensionStats(stats.hostCalls.sum(), stats.failedHostCalls.sum(), stats.invocations.sum(),
                        stats.traps.sum(), p == null ? 0 : p.size(), p == null ? 0 : p.memoryBytes(),
                        module.compiled()));
    }
}
