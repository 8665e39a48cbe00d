package org.vdfs.api.extension;

import java.util.List;

/**
 * A snapshot of one installed extension.
 *
 * @param manifest      its manifest
 * @param state         lifecycle state
 * @param error         why it failed, or {@code null}
 * @param bundleId      the OSGi bundle that carries it
 * @param operations    operations it exports, full dotted names
 * @param jobs          jobs it registered
 * @param stats         counters since it started
 */
public record ExtensionInfo(ExtensionManifest manifest, ExtensionState state, String error, long bundleId,
        List<String> operations, List<JobDefinition> jobs, ExtensionStats stats) {

    public ExtensionInfo {
        operations = List.copyOf(operations);
        jobs = List.copyOf(jobs);
    }

    public String id() {
        return manifest.id();
    }
}
