package org.vdfs.wasm.internal;

/**
 * @param compile         compile modules to JVM bytecode (else interpret)
 * @param poolSize        instances per extension at most
 * @param maxPayloadBytes largest {@code spacedrive_call} payload accepted
 */
record RuntimeOptions(boolean compile, int poolSize, long maxPayloadBytes) {
}
