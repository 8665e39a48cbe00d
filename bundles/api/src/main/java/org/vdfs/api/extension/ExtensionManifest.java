package org.vdfs.api.extension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An extension's {@code manifest.json} (or its embedded {@code spacedrive.manifest}
 * section). Unknown fields are kept in {@link #raw()}.
 */
public record ExtensionManifest(String id, String name, String version, String description, String author,
        String homepage, String wasmFile, String minCoreVersion, Permissions permissions, JsonNode configSchema,
        JsonNode raw) {
}
