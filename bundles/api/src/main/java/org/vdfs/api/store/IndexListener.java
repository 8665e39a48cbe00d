package org.vdfs.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How an indexing run reports and is steered; the job manager's {@code core:index_location}
 * job adapts its job context to this. Called on the indexing thread.
 */
@ConsumerType
public interface IndexListener {

    /** Does nothing and never interrupts. */
    IndexListener NONE = new IndexListener() {
    };

    /** True once the run should checkpoint and return ({@link IndexStats#completed()} false). */
    default boolean interruptRequested() {
        return false;
    }

    /** @param fraction 0..1 */
    default void progress(double fraction, String message) {
    }

    /**
     * A resumable state: passing it to {@link LocationIndexer#index} continues after
     * everything done so far. Called only once that work is committed to the library.
     *
     * @return true when stored durably
     */
    default boolean checkpoint(String state) {
        return true;
    }

    /** A problem that skipped one entry (unreadable file, undecodable name...); the run goes on. */
    default void warning(String message) {
    }

    /** {@code n} more entries were walked. */
    default void entriesWalked(long n) {
    }

    /** {@code n} more bytes were hashed. */
    default void bytesHashed(long n) {
    }
}
