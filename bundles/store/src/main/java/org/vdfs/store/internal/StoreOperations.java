package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.CollectionItem;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.ModelQuery;
import org.vdfs.api.store.ModelScope;
import org.vdfs.api.store.NewModel;
import org.vdfs.api.store.VdfsStore;

/**
 * The store's {@code vdfs.*} operations. The library is the invocation's
 * ({@code null}: the default library); model operations act for the calling
 * extension, or for the {@code extension_id} a host caller names. JSON shapes:
 * docs/store.md.
 */
final class StoreOperations {

    private StoreOperations() {
    }

    /** Shared by every store operation: the store reference and the library of the call. */
    abstract static class StoreOperation implements Operation {

        @Reference
        VdfsStore store;

        @Override
        public final JsonNode invoke(Invocation invocation) throws OperationException {
            return run(store.library(invocation.libraryId()), invocation, new OperationInput(invocation));
        }

        abstract JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException;
    }

    /** A store operation that names entries or content: an extension is held to its entry scope. */
    abstract static class ScopedStoreOperation extends StoreOperation {

        @Reference
        LocationIndexer indexer;

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile PermissionGuard guard;

        EntryScopes scope(Library library, Invocation invocation) throws OperationException {
            return EntryScopes.of(guard, indexer, invocation, library.info().id());
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.library_list",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=Lists the libraries" })
    public static final class LibraryList implements Operation {

        @Reference
        VdfsStore store;

        @Override
        public JsonNode invoke(Invocation invocation) {
            ArrayNode list = StoreJson.MAPPER.createArrayNode();
            store.libraries().forEach(l -> list.add(StoreJson.library(l)));
            return list;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.library_create",
            Operation.KIND + "=action", Operation.DESCRIPTION + "=Creates a library with a name" })
    public static final class LibraryCreate implements Operation {

        @Reference
        VdfsStore store;

        @Override
        public JsonNode invoke(Invocation invocation) throws OperationException {
            return StoreJson.library(store.createLibrary(new OperationInput(invocation).text("name")));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.create_model",
            Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Creates a content-scoped, standalone or entry-scoped model" })
    public static final class CreateModel extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            String extension = in.extensionId(invocation.caller());
            String type = in.text("model_type");
            ModelScope scope;
            try {
                scope = ModelScope.parse(in.text("scope"));
            } catch (IllegalArgumentException e) {
                throw in.invalid("needs \"scope\" as content, standalone or entry");
            }
            JsonNode data = in.has("data") ? in.node("data") : StoreJson.MAPPER.createObjectNode();
            var blobs = StoreJson.blobs(in.node("blobs"), in);
            NewModel model = switch (scope) {
                case CONTENT -> NewModel.forContent(type, in.uuid("content_uuid"), data, blobs);
                case ENTRY -> NewModel.forEntry(type, in.uuid("entry_uuid"), data, blobs);
                case STANDALONE -> NewModel.standalone(type, data, blobs);
            };
            return StoreJson.model(library.createModel(extension, model));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.get_model",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=One of the caller's models by uuid, or null" })
    public static final class GetModel extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            return StoreJson.model(library.model(in.extensionId(invocation.caller()), in.uuid("uuid"),
                    in.flag("select_inline_only")).orElse(null));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.get_model_by_content",
            Operation.KIND + "=query",
            Operation.DESCRIPTION + "=The caller's model of a type attached to some content, or null" })
    public static final class GetModelByContent extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            return StoreJson.model(library.modelByContent(in.extensionId(invocation.caller()), in.text("model_type"),
                    in.uuid("content_uuid"), in.flag("select_inline_only")).orElse(null));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.query_models",
            Operation.KIND + "=query",
            Operation.DESCRIPTION + "=A page of the caller's models of a type, blobs loaded unless select_inline_only" })
    public static final class QueryModels extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            return StoreJson.models(library.queryModels(in.extensionId(invocation.caller()),
                    new ModelQuery(in.text("model_type"), in.flag("select_inline_only"),
                            in.has("limit") ? in.integer("limit") : ModelQuery.DEFAULT_LIMIT,
                            in.has("offset") ? in.integer("offset") : 0,
                            in.has("after") ? in.uuid("after") : null)));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.load_model_blob",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=Loads one blob field of one of the caller's models" })
    public static final class LoadModelBlob extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            String extension = in.extensionId(invocation.caller());
            UUID model = in.uuid("model_uuid");
            String key = in.text("key");
            ObjectNode out = StoreJson.blob(library.loadModelBlob(extension, model, key).orElseThrow(
                    () -> in.invalid("found no blob field \"" + key + "\" on a model " + model + " of extension `"
                            + extension + "`")));
            return out.put("key", key);
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.add_tag_to_content",
            Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Tags content: every entry holding it shows the tag" })
    public static final class AddTagToContent extends ScopedStoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            UUID content = in.uuid("content_uuid");
            scope(library, invocation).requireContent(content);
            library.addTagToContent(content, in.text("tag"));
            ObjectNode out = StoreJson.MAPPER.createObjectNode().put("content_uuid", content.toString());
            out.set("tags", StoreJson.strings(library.tagsOfContent(content)));
            return out;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.add_tag_to_model",
            Operation.KIND + "=action", Operation.DESCRIPTION + "=Tags one of the caller's models" })
    public static final class AddTagToModel extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            String extension = in.extensionId(invocation.caller());
            UUID model = in.uuid("model_uuid");
            library.addTagToModel(extension, model, in.text("tag"));
            ObjectNode out = StoreJson.MAPPER.createObjectNode().put("model_uuid", model.toString());
            out.set("tags", StoreJson.strings(library.tagsOfModel(extension, model)));
            return out;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.tags", Operation.KIND + "=query",
            Operation.DESCRIPTION + "=Tags of content, an entry or a model; or the content carrying a tag" })
    public static final class Tags extends ScopedStoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            ObjectNode out = StoreJson.MAPPER.createObjectNode();
            if (in.has("content_uuid")) {
                UUID content = in.uuid("content_uuid");
                scope(library, invocation).requireContent(content);
                out.set("tags", StoreJson.strings(library.tagsOfContent(content)));
            } else if (in.has("entry_uuid")) {
                UUID entry = in.uuid("entry_uuid");
                scope(library, invocation).requireEntry(entry);
                out.set("tags", StoreJson.strings(library.tagsOfEntry(entry)));
            } else if (in.has("model_uuid")) {
                out.set("tags", StoreJson.strings(
                        library.tagsOfModel(in.extensionId(invocation.caller()), in.uuid("model_uuid"))));
            } else if (in.has("tag")) {
                String tag = in.text("tag");
                out.put("tag", tag);
                EntryScopes scope = scope(library, invocation);
                List<UUID> content = new ArrayList<>();
                for (UUID uuid : library.contentWithTag(tag)) {
                    if (scope.allowsContent(uuid)) { // content none of whose entries is in scope stays unseen
                        content.add(uuid);
                    }
                }
                out.set("content_uuids", StoreJson.strings(content));
            } else {
                throw in.invalid("needs one of \"content_uuid\", \"entry_uuid\", \"model_uuid\" or \"tag\"");
            }
            return out;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.collection_create",
            Operation.KIND + "=action", Operation.DESCRIPTION + "=Creates a collection" })
    public static final class CollectionCreate extends StoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            return StoreJson.collection(library.createCollection(in.text("name")));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.collection_add",
            Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Adds an entry, content or one of the caller's models to a collection" })
    public static final class CollectionAdd extends ScopedStoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            UUID collection = in.uuid("collection_uuid");
            CollectionItem item;
            if (in.has("entry_uuid")) {
                item = new CollectionItem(CollectionItem.Kind.ENTRY, in.uuid("entry_uuid"));
            } else if (in.has("content_uuid")) {
                item = new CollectionItem(CollectionItem.Kind.CONTENT, in.uuid("content_uuid"));
            } else if (in.has("model_uuid")) {
                item = new CollectionItem(CollectionItem.Kind.MODEL, in.uuid("model_uuid"));
            } else {
                throw in.invalid("needs one of \"entry_uuid\", \"content_uuid\" or \"model_uuid\"");
            }
            if (item.kind() == CollectionItem.Kind.ENTRY) {
                scope(library, invocation).requireEntry(item.target());
            } else if (item.kind() == CollectionItem.Kind.CONTENT) {
                scope(library, invocation).requireContent(item.target());
            }
            library.addToCollection(collection, item, in.optionalExtensionId(invocation.caller()));
            return StoreJson.item(item).put("collection_uuid", collection.toString());
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.collection_items",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=The items of a collection, in the order added" })
    public static final class CollectionItems extends ScopedStoreOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in) throws OperationException {
            ArrayNode items = StoreJson.MAPPER.createArrayNode();
            EntryScopes scope = scope(library, invocation);
            for (CollectionItem i : library.collectionItems(in.uuid("collection_uuid"))) {
                // entries and content outside the caller's scope are left out, as vdfs.query_entries leaves them
                boolean visible = switch (i.kind()) {
                    case ENTRY -> scope.allowsEntry(i.target());
                    case CONTENT -> scope.allowsContent(i.target());
                    case MODEL -> true;
                };
                if (visible) {
                    items.add(StoreJson.item(i));
                }
            }
            return items;
        }
    }
}
