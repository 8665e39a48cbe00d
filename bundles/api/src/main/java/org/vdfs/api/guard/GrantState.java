package org.vdfs.api.guard;

import java.util.List;

/**
 * @param extensionId the extension
 * @param requested   method prefixes its manifest requests
 * @param revoked     prefixes the user withdrew
 * @param libraries   libraries it may touch ({@code *} = all)
 */
public record GrantState(String extensionId, List<String> requested, List<String> revoked, List<String> libraries) {

    public GrantState {
        requested = List.copyOf(requested);
        revoked = List.copyOf(revoked);
        libraries = List.copyOf(libraries);
    }
}
