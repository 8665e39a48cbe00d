package org.vdfs.wasm.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vdfs.api.job.JobContext;
import org.vdfs.api.operation.OperationException;

/**
 * One run of a guest job: what the {@code job_*} host functions report into,
 * relayed to the job manager's {@link JobContext}. The runtime can also ask
 * it to stop on its own (the extension is stopping or being upgraded).
 */
final class WasmJob implements ActiveJobs.JobSink {

    private final JobContext context;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Runnable hardStop = () -> { };

    WasmJob(JobContext context) {
        this.context = context;
    }

    JobContext context() {
        return context;
    }

    void hardStop(Runnable stop) {
        hardStop = stop;
        context.onHardStop(stop);
    }

    /** Asks the guest to checkpoint and return; past {@code graceMs} interrupts it. */
    void stop(long graceMs) throws InterruptedException {
        stopRequested = true;
        if (!ended.await(graceMs, TimeUnit.MILLISECONDS)) {
            hardStop.run();
            ended.await(graceMs, TimeUnit.MILLISECONDS);
        }
    }

    void ended() {
        ended.countDown();
    }

    @Override
    public void progress(float progress, String message) {
        context.progress(progress, message);
    }

    @Override
    public boolean checkpoint(byte[] state) {
        try {
            Json.parse(state, "the checkpoint state"); // stored state must be JSON a resumed run can read
        } catch (OperationException e) {
            context.warning("checkpoint refused: " + e.getMessage());
            return false;
        }
        return context.checkpoint(new String(state, StandardCharsets.UTF_8));
    }

    @Override
    public boolean interruptRequested() {
        return stopRequested || context.interruptRequested();
    }

    @Override
    public void warning(String message) {
        context.warning(message);
    }

    @Override
    public void addItems(long n) {
        context.addItems(n);
    }

    @Override
    public void addBytes(long n) {
        context.addBytes(n);
    }
}
