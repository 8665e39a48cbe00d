package org.vdfs.api.store;

import java.util.Objects;

/**
 * Which models of the calling extension to list: one page, oldest first.
 *
 * @param modelType        only models of this type
 * @param selectInlineOnly leave blob fields unloaded (fast); otherwise every blob is loaded
 * @param limit            at most this many (1..{@value #MAX_LIMIT})
 * @param offset           skip this many first
 * @since 1.1
 */
public record ModelQuery(String modelType, boolean selectInlineOnly, int limit, int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public ModelQuery {
        Objects.requireNonNull(modelType, "modelType");
    }

    /** The first {@value #DEFAULT_LIMIT} models of the type. */
    public ModelQuery(String modelType, boolean selectInlineOnly) {
        this(modelType, selectInlineOnly, DEFAULT_LIMIT, 0);
    }
}
