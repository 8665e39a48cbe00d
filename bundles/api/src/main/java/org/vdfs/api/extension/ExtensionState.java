package org.vdfs.api.extension;

/** Where an extension is in its lifecycle. */
public enum ExtensionState {
    /** Compiling, instantiating, running {@code plugin_init}. */
    STARTING,
    /** Running: its operations and jobs are registered. */
    ACTIVE,
    /** Could not start; {@link ExtensionInfo#error()} says why. */
    FAILED,
    /** Its bundle is stopping; {@code plugin_cleanup} has run or is running. */
    STOPPING
}
