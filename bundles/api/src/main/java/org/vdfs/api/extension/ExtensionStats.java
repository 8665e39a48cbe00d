package org.vdfs.api.extension;

/**
 * Counters of a running extension.
 *
 * @param hostCalls       {@code spacedrive_call}s the guest made
 * @param failedHostCalls of those, the ones that returned an error
 * @param invocations     calls of its exported operations
 * @param traps           guest traps and interrupted calls
 * @param instances       live instances in its pool
 * @param memoryBytes     linear memory held by those instances
 * @param compiled        whether it runs compiled to JVM bytecode (else interpreted)
 */
public record ExtensionStats(long hostCalls, long failedHostCalls, long invocations, long traps, int instances,
        long memoryBytes, boolean compiled) {
}
