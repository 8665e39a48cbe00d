package org.vdfs.wasm.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one running extension; LongAdder because guest threads bump them concurrently. */
final class ExtensionStatsCounters {
    final LongAdder hostCalls = new LongAdder();
    final LongAdder failedHostCalls = new LongAdder();
    final LongAdder invocations = new LongAdder();
    final LongAdder traps = new LongAdder();
}
