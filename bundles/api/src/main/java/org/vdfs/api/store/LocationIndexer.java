package org.vdfs.api.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Locations (folders) of a library and their index: entries with BLAKE3 content
 * identities and image EXIF. Indexing runs in resumable phases; the store registers
 * it as the job {@code core:index_location} too. Every call takes the library id,
 * {@code null} meaning the default library.
 */
@ProviderType
public interface LocationIndexer {

    /** The job type that indexes a location: parameters {@code {"library_id", "location_id"}}. */
    String JOB_TYPE = "core:index_location";

    /**
     * Adds a folder. It must exist and be given as an absolute path; the location keeps its real path.
     *
     * @throws StoreException {@code invalid_payload} for a relative, missing or non-folder path, or a
     *                        folder the library already has as a location
     */
    LocationInfo addLocation(UUID libraryId, Path folder) throws StoreException;

    List<LocationInfo> locations(UUID libraryId) throws StoreException;

    /**
     * The folder of one location, or empty if the library has no such location. Cheaper than
     * {@link #locations}, which counts every location's entries: for a caller that only needs
     * the folder of an entry's location, once per call.
     */
    default Optional<Path> locationFolder(UUID libraryId, UUID locationUuid) throws StoreException {
        return locations(libraryId).stream().filter(l -> l.uuid().equals(locationUuid)).findFirst()
                .map(l -> Path.of(l.path()));
    }

    /** Removes a location and its entries (and entry-scoped models); content identities stay. */
    void removeLocation(UUID libraryId, UUID locationUuid) throws StoreException;

    /**
     * Indexes a location: new, changed, moved and deleted files; unchanged files are not rehashed.
     * Runs on the calling thread until done or interrupted.
     *
     * @param resumeState a state from {@link IndexListener#checkpoint} or {@link IndexStats#state()}
     *                    to continue from, or {@code null} to start over
     */
    IndexStats index(UUID libraryId, UUID locationUuid, String resumeState, IndexListener listener)
            throws StoreException;

    List<EntryInfo> queryEntries(UUID libraryId, EntryQuery query) throws StoreException;

    /** One entry by its id, or empty when the library has none such. */
    Optional<EntryInfo> entry(UUID libraryId, UUID entryUuid) throws StoreException;
}
