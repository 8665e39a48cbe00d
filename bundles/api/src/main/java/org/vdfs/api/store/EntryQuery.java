package org.vdfs.api.store;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters of {@link LocationIndexer#queryEntries}; a {@code null} filter does not filter.
 * Results come ordered by location and path.
 *
 * @param location    only entries of this location
 * @param kind        an entry kind ({@code file}, {@code directory}, {@code symlink}) or a content
 *                    kind ({@code image}, {@code video}, {@code audio}, {@code document}, {@code text},
 *                    {@code archive}, {@code unknown})
 * @param contentUuid only entries holding this content
 * @param hasGps      true: only entries whose content has GPS coordinates; false: only those without
 * @param takenAfter  only content captured at or after this instant
 * @param takenBefore only content captured before this instant
 * @param limit       at most this many (1..10000)
 * @param offset      skip this many first
 * @param scope       only entries in this scope (a caller's path scope); {@code null} is {@link EntryScope#ALL}
 * @param afterLocation with {@code afterPath}: start after this entry (the location and path of the
 *                    last entry of the previous page), which costs the same on any page; {@code null}
 *                    for the first page (since 1.3)
 * @param afterPath   see {@code afterLocation}
 */
public record EntryQuery(UUID location, String kind, UUID contentUuid, Boolean hasGps, Instant takenAfter,
        Instant takenBefore, int limit, int offset, EntryScope scope, UUID afterLocation, String afterPath) {

    public EntryQuery {
        scope = scope == null ? EntryScope.ALL : scope;
    }

    /** A query of every entry in scope. */
    public EntryQuery(UUID location, String kind, UUID contentUuid, Boolean hasGps, Instant takenAfter,
            Instant takenBefore, int limit, int offset) {
        this(location, kind, contentUuid, hasGps, takenAfter, takenBefore, limit, offset, EntryScope.ALL);
    }

    /** A query held to a scope, paged by offset only. */
    public EntryQuery(UUID location, String kind, UUID contentUuid, Boolean hasGps, Instant takenAfter,
            Instant takenBefore, int limit, int offset, EntryScope scope) {
        this(location, kind, contentUuid, hasGps, takenAfter, takenBefore, limit, offset, scope, null, null);
    }

    /** This query, held to a scope. */
    public EntryQuery within(EntryScope entryScope) {
        return new EntryQuery(location, kind, contentUuid, hasGps, takenAfter, takenBefore, limit, offset, entryScope,
                afterLocation, afterPath);
    }

    public static final int MAX_LIMIT = 10_000;

    /** Every entry, the first {@code limit}. */
    public static EntryQuery all(int limit) {
        return new EntryQuery(null, null, null, null, null, null, limit, 0);
    }
}
