package org.vdfs.api.guard;

import java.time.Duration;

/**
 * What the runtime enforces for one extension.
 *
 * @param maxMemoryPages cap on linear memory, in 64 KiB WASM pages
 * @param callDeadline   how long one guest call (init, operation) may run before it is interrupted
 */
public record ResourceLimits(int maxMemoryPages, Duration callDeadline) {
}
