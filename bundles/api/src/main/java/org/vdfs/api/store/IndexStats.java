package org.vdfs.api.store;

/**
 * What one call of {@link LocationIndexer#index} did (that call only, not earlier runs it resumed).
 *
 * @param completed      false when it stopped because {@link IndexListener#interruptRequested()} said so
 * @param state          the state to resume from ({@code null} once completed)
 * @param entriesWalked  entries seen on disk
 * @param entriesAdded   new entries
 * @param entriesUpdated entries whose size, time or kind changed
 * @param entriesDeleted entries whose files are gone
 * @param filesHashed    files read and hashed (new or changed files only)
 * @param bytesHashed    bytes read for hashing
 * @param filesMoved     new paths that kept the content of a vanished file of the same size and
 *                       modification time, without rehashing
 * @param mediaRead      images whose EXIF was read
 * @param warnings       entries reported and skipped
 */
public record IndexStats(boolean completed, String state, long entriesWalked, long entriesAdded,
        long entriesUpdated, long entriesDeleted, long filesHashed, long bytesHashed, long filesMoved,
        long mediaRead, long warnings) {
}
