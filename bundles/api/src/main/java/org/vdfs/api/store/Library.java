package org.vdfs.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One open library. Model calls take the calling extension's id: an extension
 * sees and changes only its own models, and another extension's model reads
 * as absent. Calls on a library closed in the meantime fail with
 * {@code unavailable}.
 */
@ProviderType
public interface Library {

    LibraryInfo info();

    /** Records content by its BLAKE3 hash (idempotent); its uuid is {@link ContentIds#fromBlake3}. */
    ContentIdentity recordContent(String blake3Hex, long sizeBytes, String kind) throws StoreException;

    Model createModel(String extensionId, NewModel model) throws StoreException;

    Optional<Model> model(String extensionId, UUID modelUuid, boolean inlineOnly) throws StoreException;

    /** The extension's model of this type attached to this content (the oldest, if several). */
    Optional<Model> modelByContent(String extensionId, String modelType, UUID contentUuid, boolean inlineOnly)
            throws StoreException;

    /** The extension's models of one type, oldest first. */
    List<Model> queryModels(String extensionId, ModelQuery query) throws StoreException;

    /** One blob field of one of the extension's models, decompressed. */
    Optional<BlobValue> loadModelBlob(String extensionId, UUID modelUuid, String key) throws StoreException;

    /** Deletes one of the extension's models, its tags and collection memberships, and releases its blobs. */
    boolean deleteModel(String extensionId, UUID modelUuid) throws StoreException;

    /** Tags content: every entry holding that content shows the tag. */
    void addTagToContent(UUID contentUuid, String tag) throws StoreException;

    void addTagToModel(String extensionId, UUID modelUuid, String tag) throws StoreException;

    List<String> tagsOfContent(UUID contentUuid) throws StoreException;

    /** The entry's own tags plus those of its content. */
    List<String> tagsOfEntry(UUID entryUuid) throws StoreException;

    List<String> tagsOfModel(String extensionId, UUID modelUuid) throws StoreException;

    /** The content carrying this tag. */
    List<UUID> contentWithTag(String tag) throws StoreException;

    CollectionInfo createCollection(String name) throws StoreException;

    /**
     * Adds an item to a collection (once; adding it again does nothing).
     *
     * @param extensionId for a model item, the caller that must own the model; {@code null} for a host caller
     */
    void addToCollection(UUID collectionUuid, CollectionItem item, String extensionId) throws StoreException;

    /** The collection's items in the order they were added. */
    List<CollectionItem> collectionItems(UUID collectionUuid) throws StoreException;

    /**
     * Writes (or overwrites) the sidecar of a kind on content or an entry. The document is
     * kept zstd-compressed in {@code metadata_blobs}, deduplicated and reference-counted; the
     * one it replaces is released.
     *
     * @throws StoreException {@code invalid_payload} for unknown content or entry, a bad kind,
     *                        the read-only kind {@link Sidecar#EXIF}, or a document that is not an object or array
     */
    Sidecar writeSidecar(Sidecar.SidecarTarget target, String kind, JsonNode document, String writtenBy)
            throws StoreException;

    /**
     * The sidecar of a kind. For an entry: its own, else its content's. Kind {@link Sidecar#EXIF}
     * is what the indexer read from the image ({@code media_metadata}).
     *
     * @throws StoreException {@code invalid_payload} for unknown content or entry
     */
    Optional<Sidecar> readSidecar(Sidecar.SidecarTarget target, String kind) throws StoreException;

    /** The sidecars (without documents) of content, or of an entry and its content, by kind. */
    List<Sidecar> sidecars(Sidecar.SidecarTarget target) throws StoreException;

    /** Deletes the sidecar of a kind attached to exactly this target and releases its blob. */
    boolean deleteSidecar(Sidecar.SidecarTarget target, String kind) throws StoreException;
}
