package org.vdfs.api.store;

import java.util.Objects;

/**
 * Which models of the calling extension to list.
 *
 * @param modelType        only models of this type
 * @param selectInlineOnly leave blob fields unloaded (fast); otherwise every blob is loaded
 */
public record ModelQuery(String modelType, boolean selectInlineOnly) {

    public ModelQuery {
        Objects.requireNonNull(modelType, "modelType");
    }
}
