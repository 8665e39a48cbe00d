package org.vdfs.store.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.job.JobException;
import org.vdfs.api.job.JobJson;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.EntryScope;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.LocationInfo;
import org.vdfs.api.store.MediaMetadata;
import org.vdfs.api.store.VdfsStore;
import org.vdfs.store.internal.EntryScopes;
import org.vdfs.store.internal.OperationInput;

/**
 * The location and entry operations: {@code vdfs.location_add}, {@code vdfs.location_list},
 * {@code vdfs.location_remove}, {@code vdfs.index} and {@code vdfs.query_entries}. The library is
 * the invocation's ({@code null}: the default library). JSON shapes: docs/store.md.
 */
final class IndexOperations {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_LIMIT = 100;

    private IndexOperations() {
    }

    /** Shared by the operations: the indexer, and the library of the call. */
    abstract static class IndexOperation implements Operation {

        @Reference
        LocationIndexer indexer;

        @Reference
        VdfsStore store;

        @Override
        public final JsonNode invoke(Invocation invocation) throws OperationException {
            UUID library = store.library(invocation.libraryId()).info().id();
            return run(invocation, library, new OperationInput(invocation));
        }

        /** For operations that need the caller: by default, {@link #run(UUID, OperationInput)}. */
        JsonNode run(Invocation invocation, UUID library, OperationInput in) throws OperationException {
            return run(library, in);
        }

        abstract JsonNode run(UUID library, OperationInput in) throws OperationException;
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.location_add",
            Operation.KIND + "=action", Operation.DESCRIPTION + "=Adds a folder (absolute path) as a location" })
    public static final class LocationAdd extends IndexOperation {

        @Override
        JsonNode run(UUID library, OperationInput in) throws OperationException {
            String text = in.text("path");
            Path path;
            try {
                path = Path.of(text);
            } catch (InvalidPathException e) {
                throw in.invalid("got a \"path\" that is not a path here: " + e.getMessage());
            }
            return location(indexer.addLocation(library, path));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.location_list",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=Lists the locations of the library" })
    public static final class LocationList extends IndexOperation {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile PermissionGuard guard;

        @Override
        JsonNode run(UUID library, OperationInput in) throws OperationException {
            throw new IllegalStateException("vdfs.location_list runs with its invocation: the caller's scope is needed");
        }

        @Override
        JsonNode run(Invocation invocation, UUID library, OperationInput in) throws OperationException {
            // an extension held to some folders sees only the locations that overlap them
            EntryScope scope = EntryScopes.scopeOf(guard, invocation);
            ArrayNode list = JSON.createArrayNode();
            for (LocationInfo l : indexer.locations(library)) {
                if (scope.reaches(l.path())) {
                    list.add(location(l));
                }
            }
            return list;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.location_remove",
            Operation.KIND + "=action", Operation.DESCRIPTION + "=Removes a location and its entries" })
    public static final class LocationRemove extends IndexOperation {

        @Override
        JsonNode run(UUID library, OperationInput in) throws OperationException {
            UUID location = in.uuid("location_id");
            indexer.removeLocation(library, location);
            return JSON.createObjectNode().put("removed", location.toString());
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.index",
            Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Indexes a location as the job core:index_location; returns the job" })
    public static final class Index extends IndexOperation {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile JobManager jobs;

        @Override
        JsonNode run(UUID library, OperationInput in) throws OperationException {
            UUID location = in.uuid("location_id");
            if (indexer.locationFolder(library, location).isEmpty()) { // one lookup, no count of its entries
                throw in.invalid("names location " + location + ", which library " + library + " does not have");
            }
            JobManager manager = jobs;
            if (manager == null) {
                throw new OperationException(ErrorCodes.UNAVAILABLE, "`vdfs.index` runs indexing as the job "
                        + LocationIndexer.JOB_TYPE + ", but no job manager is running (start the jobs bundle)");
            }
            ObjectNode parameters = JSON.createObjectNode().put("library_id", library.toString())
                    .put("location_id", location.toString());
            try {
                return JobJson.of(manager.dispatch(LocationIndexer.JOB_TYPE, library, parameters));
            } catch (JobException e) {
                throw new OperationException(ErrorCodes.UNAVAILABLE, e.getMessage());
            }
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.query_entries",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=Indexed entries by location, kind, content, "
                    + "GPS and capture time" })
    public static final class QueryEntries extends IndexOperation {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile PermissionGuard guard;

        @Override
        JsonNode run(UUID library, OperationInput in) throws OperationException {
            throw new IllegalStateException("vdfs.query_entries runs with its invocation: the caller's scope is needed");
        }

        @Override
        JsonNode run(Invocation invocation, UUID library, OperationInput in) throws OperationException {
            // An extension sees only the entries of its path scope (manifest entry_globs, operator folders).
            EntryScope entryScope = EntryScopes.scopeOf(guard, invocation);
            ArrayNode list = JSON.createArrayNode();
            if (in.has("on_this_device") && !in.flag("on_this_device")) {
                return list; // every entry of a local library is on this device
            }
            // after: the location_uuid and path of the last entry of the previous page
            UUID afterLocation = null;
            String afterPath = null;
            if (in.has("after")) {
                JsonNode after = in.node("after");
                try {
                    afterLocation = UUID.fromString(after.path("location_uuid").asText(""));
                } catch (IllegalArgumentException e) {
                    afterLocation = null;
                }
                if (afterLocation == null || !after.path("path").isTextual()) {
                    throw in.invalid("needs \"after\" as {\"location_uuid\": \"…\", \"path\": \"…\"}, "
                            + "the last entry of the previous page");
                }
                afterPath = after.path("path").asText();
            }
            EntryQuery query = new EntryQuery(in.has("in_location") ? in.uuid("in_location") : null,
                    in.has("of_kind") ? in.text("of_kind") : null,
                    in.has("content_uuid") ? in.uuid("content_uuid") : null,
                    in.has("has_gps") ? in.flag("has_gps") : null,
                    in.has("taken_after") ? in.instant("taken_after") : null,
                    in.has("taken_before") ? in.instant("taken_before") : null,
                    in.has("limit") ? in.integer("limit") : DEFAULT_LIMIT,
                    in.has("offset") ? in.integer("offset") : 0, entryScope, afterLocation, afterPath);
            for (EntryInfo e : indexer.queryEntries(library, query)) {
                list.add(entry(e));
            }
            return list;
        }
    }

    static ObjectNode location(LocationInfo l) {
        return JSON.createObjectNode().put("uuid", l.uuid().toString()).put("name", l.name()).put("path", l.path())
                .put("created_at", l.createdAt().toString()).put("entries", l.entries());
    }

    static ObjectNode entry(EntryInfo e) {
        ObjectNode out = JSON.createObjectNode();
        out.put("uuid", e.uuid().toString());
        out.put("location_uuid", e.locationUuid().toString());
        out.put("path", e.path());
        out.put("name", e.name());
        out.put("kind", e.kind());
        out.put("size_bytes", e.sizeBytes());
        out.put("created_at", text(e.createdAt()));
        out.put("modified_at", text(e.modifiedAt()));
        out.put("indexed_at", text(e.indexedAt()));
        out.put("content_uuid", e.contentUuid() == null ? null : e.contentUuid().toString());
        out.put("content_kind", e.contentKind());
        MediaMetadata m = e.media();
        if (m != null) {
            ObjectNode media = out.putObject("media");
            media.put("taken_at", text(m.takenAt()));
            media.put("latitude", m.latitude());
            media.put("longitude", m.longitude());
            media.put("camera_make", m.cameraMake());
            media.put("camera_model", m.cameraModel());
            media.put("width", m.width());
            media.put("height", m.height());
        }
        return out;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
