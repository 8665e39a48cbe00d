package org.vdfs.api.store;

import java.util.Objects;
import java.util.UUID;

/**
 * Which models of the calling extension to list: one page, oldest first.
 *
 * @param modelType        only models of this type
 * @param selectInlineOnly leave blob fields unloaded (fast); otherwise every blob is loaded
 * @param limit            at most this many (1..{@value #MAX_LIMIT})
 * @param offset           skip this many first
 * @param after            start after this model (the last of the previous page), which costs the same
 *                         on any page; {@code null} for the first page (since 1.2)
 * @since 1.1
 */
public record ModelQuery(String modelType, boolean selectInlineOnly, int limit, int offset, UUID after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public ModelQuery {
        Objects.requireNonNull(modelType, "modelType");
    }

    /** The first {@value #DEFAULT_LIMIT} models of the type. */
    public ModelQuery(String modelType, boolean selectInlineOnly) {
        this(modelType, selectInlineOnly, DEFAULT_LIMIT, 0, null);
    }

    /** Paging by offset only. */
    public ModelQuery(String modelType, boolean selectInlineOnly, int limit, int offset) {
        this(modelType, selectInlineOnly, limit, offset, null);
    }
}
