package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.Memory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.vdfs.api.operation.OperationException;

/**
 * The jobs of one extension that are running right now, by job id, and the
 * {@code job_*} host functions that report on them. A job id the host does not
 * know (a guest calling {@code job_checkpoint} outside a running job, or with a
 * made-up id) is refused: checkpoints fail, interrupts read as "stop".
 */
final class ActiveJobs {

    /** What a running job reports into; implemented by whoever runs the job. */
    interface JobSink {
        void progress(float progress, String message);

        /** @return true once the state is durably stored */
        boolean checkpoint(byte[] state);

        boolean interruptRequested();

        void warning(String message);

        void addItems(long n);

        void addBytes(long n);

        /**
         * An attempt of task {@code name} starts; past {@code timeoutMs} (0: never) the guest is stopped.
         *
         * @param attempt the guest's count of earlier attempts (0 for a first call)
         * @return the attempt to run: more than {@code attempt} when earlier ones ran past the timeout
         */
        int taskStart(String name, int attempt, int retries, long timeoutMs);

        /** The latest attempt that started has ended, in time. */
        void taskEnd();
    }

    private static final long[] NONE = new long[0];

    private final Map<UUID, JobSink> running = new ConcurrentHashMap<>();
    private final Logger guestLog;

    ActiveJobs(Logger guestLog) {
        this.guestLog = guestLog;
    }

    void start(UUID jobId, JobSink sink) {
        running.put(jobId, sink);
    }

    void end(UUID jobId) {
        running.remove(jobId);
    }

    Collection<JobSink> running() {
        return List.copyOf(running.values());
    }

    long[] handle(AbiImport abi, Memory memory, long[] args) {
        JobSink sink;
        try {
            UUID id = GuestMemory.readUuid(memory, args[0], "the job id");
            sink = running.get(id);
            if (sink == null) {
                guestLog.warn("{} for job {}, which is not running", abi.importName(), id);
                return refuse(abi);
            }
            switch (abi) {
                case JOB_REPORT_PROGRESS:
                    float p = Float.intBitsToFloat((int) args[1]);
                    sink.progress(Math.max(0f, Math.min(1f, Float.isNaN(p) ? 0f : p)),
                            GuestMemory.readLenient(memory, args[2], args[3], 4096));
                    return NONE;
                case JOB_CHECKPOINT:
                    byte[] state = GuestMemory.read(memory, args[1], args[2], "the checkpoint state");
                    return new long[] { sink.checkpoint(state) ? 0 : 1 };
                case JOB_CHECK_INTERRUPT:
                    return new long[] { sink.interruptRequested() ? 1 : 0 };
                case JOB_ADD_WARNING:
                    sink.warning(GuestMemory.readLenient(memory, args[1], args[2], 4096));
                    return NONE;
                case JOB_INCREMENT_ITEMS:
                    sink.addItems(args[1]);
                    return NONE;
                case JOB_INCREMENT_BYTES:
                    sink.addBytes(args[1]);
                    return NONE;
                case JOB_TASK_START:
                    String name = GuestMemory.readUtf8(memory, args[1], args[2], "the task name");
                    int attempt = (int) args[3];
                    int retries = (int) args[4];
                    if (attempt < 0 || retries < 0 || args[5] < 0) {
                        guestLog.warn("job_task_start({}) with attempt {}, retries {}, timeout {} ms: none may be negative",
                                name, attempt, retries, args[5]);
                        return refuse(abi);
                    }
                    return new long[] { sink.taskStart(name, attempt, retries, args[5]) };
                case JOB_TASK_END:
                    sink.taskEnd();
                    return NONE;
                default:
                    throw new IllegalArgumentException(abi.name());
            }
        } catch (OperationException e) {
            guestLog.warn("{} refused: {}", abi.importName(), e.getMessage());
            return refuse(abi);
        }
    }

    private static long[] refuse(AbiImport abi) {
        switch (abi) {
            case JOB_CHECKPOINT:
            case JOB_CHECK_INTERRUPT:
                return new long[] { 1 };
            case JOB_TASK_START:
                return new long[] { -1 };
            default:
                return NONE;
        }
    }
}
