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
            default:
                return NONE;
        }
    }
}
