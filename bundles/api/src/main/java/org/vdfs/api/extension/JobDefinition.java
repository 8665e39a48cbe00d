package org.vdfs.api.extension;

/**
 * A job an extension registered with {@code register_job}.
 *
 * @param extensionId the extension
 * @param name        the job's short name; its full name is {@code <extension id>:<name>}
 * @param export      the guest export that runs it ({@code execute_<job>})
 * @param resumable   whether it can resume from a checkpoint
 */
public record JobDefinition(String extensionId, String name, String export, boolean resumable) {

    public String fullName() {
        return extensionId + ":" + name;
    }
}
