package org.vdfs.api.store;

import java.util.List;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The VDFS store: a set of libraries, each its own database. A default library
 * exists from the first start on.
 */
@ProviderType
public interface VdfsStore {

    /** Every library, the default one included, by creation time. */
    List<LibraryInfo> libraries();

    /** Creates a library (an empty database with the core schema). */
    LibraryInfo createLibrary(String name) throws StoreException;

    /** The id of the default library, used when a caller names none. */
    UUID defaultLibraryId();

    /**
     * The library with this id, opened if it was closed.
     *
     * @param id the library id, or {@code null} for the default library
     * @throws StoreException {@code invalid_payload} when there is no such library
     */
    Library library(UUID id) throws StoreException;

    /** Closes a library's database; the next {@link #library} opens it again. Closing a closed library does nothing. */
    void closeLibrary(UUID id) throws StoreException;
}
