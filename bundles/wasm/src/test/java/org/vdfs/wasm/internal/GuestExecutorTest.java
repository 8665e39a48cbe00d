package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdfs.api.operation.DeadlineWorker;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

@Timeout(30)
class GuestExecutorTest {

    private static final Duration SHORT = Duration.ofMillis(200);
    private static final Duration LONG = Duration.ofSeconds(10);

    private final GuestExecutor executor = new GuestExecutor();
    private final Instance guest = Wasm.instance(Wasm.GUEST);

    @AfterEach
    void close() {
        executor.close();
        Thread.interrupted(); // never leak a failure of one test into the next
    }

    private OperationException spin(Duration deadline) {
        return assertThrows(OperationException.class, () -> executor.call("spin", deadline, () -> {
            guest.export("spin").apply();
            return null;
        }));
    }

    @Test
    void taskFinishingInTimeReturnsItsValue() throws OperationException {
        assertEquals(42L, executor.call("answer", LONG, () -> guest.export("answer").apply()[0]));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void spinningGuestIsStoppedAtItsDeadline() {
        long start = System.nanoTime();
        OperationException e = spin(SHORT);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCodes.DEADLINE_EXCEEDED, e.code());
        assertTrue(e.getMessage().contains("spin") && e.getMessage().contains("was stopped"), e.getMessage());
        assertTrue(tookMs >= SHORT.toMillis() && tookMs < SHORT.toMillis() + 2_000, "took " + tookMs + " ms");
        assertTrue(GuestExecutor.poisons(e));
    }

    @Test
    void callerIsNotLeftInterrupted() {
        spin(SHORT);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void guestThreadIsReusedWithoutAPendingInterrupt() throws OperationException {
        spin(SHORT);
        for (int i = 0; i < 3; i++) {
            assertFalse(executor.call("check", LONG, () -> Thread.currentThread().isInterrupted()));
        }
    }

    @Test
    void nestedCallOnAGuestThreadRunsInPlaceAndClearsItsInterrupt() throws OperationException {
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        String code = executor.call("outer", LONG, () -> {
            Thread outerThread = Thread.currentThread();
            OperationException inner = assertThrows(OperationException.class, () -> executor.call("inner", SHORT, () -> {
                assertEquals(outerThread, Thread.currentThread());
                guest.export("spin").apply();
                return null;
            }));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            return inner.code();
        });
        assertEquals(ErrorCodes.DEADLINE_EXCEEDED, code);
        assertFalse(interruptedAfter.get(), "the outer guest call would be interrupted by the inner deadline");
    }

    @Test
    void guestTrapBecomesAGuestTrapError() {
        OperationException e = assertThrows(OperationException.class, () -> executor.call("trap", LONG, () -> {
            guest.export("trap").apply();
            return null;
        }));
        assertInstanceOf(GuestExecutor.GuestTrap.class, e);
        assertEquals(ErrorCodes.GUEST_TRAP, e.code());
        assertTrue(GuestExecutor.poisons(e));
    }

    @Test
    void errorResultOfTheTaskPassesThroughUnchanged() {
        OperationException e = assertThrows(OperationException.class, () -> executor.call("fails", LONG, () -> {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, "bad input");
        }));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, e.code());
        assertEquals("bad input", e.getMessage());
        assertFalse(GuestExecutor.poisons(e));
    }

    @Test
    void unexpectedExceptionBecomesInternal() {
        OperationException e = assertThrows(OperationException.class, () -> executor.call("npe", LONG, () -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(ErrorCodes.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    /** What the AI registry reads to decide whether it may run a model call right on the guest thread. */
    @Test
    void aGuestThreadTellsTheDeadlineOfItsCallAndNoneInAJob() throws OperationException {
        long before = System.nanoTime();
        OptionalLong inCall = executor.call("call", LONG, DeadlineWorker::currentDeadline);
        assertTrue(inCall.isPresent() && inCall.getAsLong() - before >= LONG.toNanos()
                && inCall.getAsLong() - System.nanoTime() <= LONG.toNanos(), inCall.toString());
        // a call nested in another ends at the earlier deadline
        OptionalLong nested = executor.call("outer", SHORT.multipliedBy(50), () -> executor.call("inner", LONG,
                DeadlineWorker::currentDeadline));
        assertTrue(nested.isPresent() && nested.getAsLong() - System.nanoTime() <= SHORT.multipliedBy(50).toNanos(),
                nested.toString());
        // a job has none, nor does a call it makes on its thread: the job's runner waits for it
        assertEquals(OptionalLong.empty(), executor.callUntilStopped("job", stop -> { },
                DeadlineWorker::currentDeadline));
        assertEquals(OptionalLong.empty(), executor.callUntilStopped("job", stop -> { }, () -> executor.call("op",
                LONG, DeadlineWorker::currentDeadline)));
        // and none is left behind on the reused thread, nor seen by the caller
        assertEquals(OptionalLong.empty(), DeadlineWorker.currentDeadline());
        assertTrue(executor.call("again", LONG, DeadlineWorker::currentDeadline).isPresent());
    }
    // --- calls on the caller's thread (org.vdfs.wasm calls.on.caller.thread) ---

    @Test
    void aCallOnTheCallersThreadRunsThereAndTellsItsDeadline() throws OperationException {
        Thread caller = Thread.currentThread();
        long before = System.nanoTime();
        OptionalLong inCall = executor.callOnCaller("here", LONG, () -> {
            assertEquals(caller, Thread.currentThread());
            assertEquals(42L, guest.export("answer").apply()[0]);
            return DeadlineWorker.currentDeadline();
        });
        assertTrue(inCall.isPresent() && inCall.getAsLong() - before >= LONG.toNanos(), inCall.toString());
        assertEquals(OptionalLong.empty(), DeadlineWorker.currentDeadline(), "left behind on the caller's thread");
        // nested calls stay on the thread and end at the earlier deadline
        OptionalLong nested = executor.callOnCaller("outer", SHORT.multipliedBy(50), () -> executor.call("inner", LONG,
                () -> {
                    assertEquals(caller, Thread.currentThread());
                    return DeadlineWorker.currentDeadline();
                }));
        assertTrue(nested.isPresent() && nested.getAsLong() - System.nanoTime() <= SHORT.multipliedBy(50).toNanos(),
                nested.toString());
    }

    @Test
    void aSpinningGuestOnTheCallersThreadIsStoppedAndTheCallerIsNotLeftInterrupted() {
        long start = System.nanoTime();
        OperationException e = assertThrows(OperationException.class, () -> executor.callOnCaller("spin", SHORT, () -> {
            guest.export("spin").apply();
            return null;
        }));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCodes.DEADLINE_EXCEEDED, e.code(), e.getMessage());
        assertTrue(tookMs >= SHORT.toMillis() && tookMs < SHORT.toMillis() + 2_000, "took " + tookMs + " ms");
        assertTrue(GuestExecutor.poisons(e));
        assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt leaked to the caller");
        assertEquals(OptionalLong.empty(), DeadlineWorker.currentDeadline());
    }

    @Test
    void aCallThatEndsInTimeLeavesNoAlarmBehindOnTheCallersThread() throws Exception {
        for (int i = 0; i < 20; i++) {
            executor.callOnCaller("quick", SHORT, () -> guest.export("answer").apply());
        }
        Thread.sleep(SHORT.toMillis() * 2); // past every deadline: a timer left armed would fire now
        assertFalse(Thread.currentThread().isInterrupted(), "a deadline fired after its call had returned");
    }

    @Test
    void anInterruptedCallerKeepsItsInterruptAndRunsNothing() {
        AtomicBoolean ran = new AtomicBoolean();
        Thread.currentThread().interrupt();
        OperationException e = assertThrows(OperationException.class, () -> executor.callOnCaller("late", LONG, () -> {
            ran.set(true);
            return null;
        }));
        assertEquals(ErrorCodes.UNAVAILABLE, e.code(), e.getMessage());
        assertFalse(ran.get());
        assertTrue(Thread.interrupted(), "the caller's own interrupt was swallowed");
    }

    @Test
    void anInterruptFromElsewhereStopsTheGuestAndStaysTheCallers() throws Exception {
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(SHORT.toMillis());
            } catch (InterruptedException ignored) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        OperationException e = assertThrows(OperationException.class, () -> executor.callOnCaller("spin", LONG, () -> {
            guest.export("spin").apply();
            return null;
        }));
        interrupter.join();
        assertEquals(ErrorCodes.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(Thread.interrupted(), "the caller's own interrupt was swallowed");
    }

    @Test
    void unboundedRecursionOnTheCallersThreadTrapsAndSaysWhereItRan() {
        OperationException e = assertThrows(OperationException.class, () -> executor.callOnCaller("deep", LONG, () -> {
            recurse(0);
            return null;
        }));
        assertInstanceOf(GuestExecutor.GuestTrap.class, e);
        assertTrue(e.getMessage().contains("calls.on.caller.thread"), e.getMessage());
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
