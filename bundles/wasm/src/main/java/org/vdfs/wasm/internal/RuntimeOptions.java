package org.vdfs.wasm.internal;

/**
 * @param compile         compile modules to JVM bytecode (else interpret)
 * @param poolSize        instances per extension at most
 * @param maxPayloadBytes largest {@code spacedrive_call} payload accepted
 * @param onCallerThread  run operation calls on their caller's thread ({@link GuestExecutor#callOnCaller})
 */
record RuntimeOptions(boolean compile, int poolSize, long maxPayloadBytes, boolean onCallerThread) {
}
