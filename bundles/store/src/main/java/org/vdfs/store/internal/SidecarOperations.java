package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.Sidecar;
import org.vdfs.api.store.Sidecar.SidecarTarget;
import org.vdfs.api.store.VdfsStore;

/**
 * {@code vdfs.write_sidecar} and {@code vdfs.read_sidecar}. Besides the guard's method check,
 * an extension is held to its sidecar kinds and to its entry scope: the entry, or some entry
 * of the content, must be inside it. JSON shapes: docs/store.md.
 */
final class SidecarOperations {

    private SidecarOperations() {
    }

    abstract static class SidecarOperation implements Operation {

        @Reference
        VdfsStore store;

        @Reference
        LocationIndexer indexer;

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile PermissionGuard guard;

        @Override
        public final JsonNode invoke(Invocation invocation) throws OperationException {
            Library library = store.library(invocation.libraryId());
            OperationInput in = new OperationInput(invocation);
            boolean entry = in.has("entry_uuid");
            if (entry == in.has("content_uuid")) {
                throw in.invalid("needs exactly one of \"content_uuid\" and \"entry_uuid\"");
            }
            SidecarTarget target = entry ? SidecarTarget.entry(in.uuid("entry_uuid"))
                    : SidecarTarget.content(in.uuid("content_uuid"));
            PermissionGuard g = guard;
            if (invocation.caller().extension()) {
                if (g == null) {
                    throw new OperationException(ErrorCodes.UNAVAILABLE, "no permission guard is running, so "
                            + "extensions' sidecar calls cannot be checked; start the guard bundle");
                }
                requireInScope(g, invocation, library, target);
            }
            return run(library, invocation, in, target, g);
        }

        abstract JsonNode run(Library library, Invocation invocation, OperationInput in, SidecarTarget target,
                PermissionGuard guard) throws OperationException;

        /** The entry, or one entry of the content, must be in the caller's entry scope. */
        private void requireInScope(PermissionGuard g, Invocation invocation, Library library, SidecarTarget target)
                throws OperationException {
            EntryScopes scope = EntryScopes.of(g, indexer, invocation, library.info().id());
            if (target.entry()) {
                scope.requireEntry(target.uuid());
            } else {
                scope.requireContent(target.uuid());
            }
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.write_sidecar",
            Operation.KIND + "=action", Operation.DESCRIPTION + "=Writes (or with document null, deletes) the "
                    + "sidecar of a kind on content or an entry" })
    public static final class WriteSidecar extends SidecarOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in, SidecarTarget target,
                PermissionGuard guard) throws OperationException {
            String kind = in.text("kind");
            if (guard != null) {
                guard.checkSidecar(invocation.caller(), invocation.operation(), kind, true, library.info().id());
            }
            if (!in.has("document")) {
                if (invocation.input() == null || !invocation.input().has("document")) {
                    throw in.invalid("needs \"document\": a JSON object or array (null deletes the sidecar)");
                }
                boolean deleted = library.deleteSidecar(target, kind);
                return target(StoreJson.MAPPER.createObjectNode().put("kind", kind), target).put("deleted", deleted);
            }
            return sidecar(library.writeSidecar(target, kind, in.node("document"), writer(invocation.caller())));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=vdfs.read_sidecar",
            Operation.KIND + "=query", Operation.DESCRIPTION + "=The sidecar of a kind on content or an entry "
                    + "(or, without kind, the kinds it has)" })
    public static final class ReadSidecar extends SidecarOperation {

        @Override
        JsonNode run(Library library, Invocation invocation, OperationInput in, SidecarTarget target,
                PermissionGuard guard) throws OperationException {
            if (!in.has("kind")) {
                ArrayNode list = StoreJson.MAPPER.createArrayNode();
                for (Sidecar s : library.sidecars(target)) {
                    // kinds the caller may not read are left out, not refused
                    if (guard == null || guard.maySidecar(invocation.caller(), s.kind(), false)) {
                        list.add(sidecar(s));
                    }
                }
                return list;
            }
            String kind = in.text("kind");
            if (guard != null) {
                guard.checkSidecar(invocation.caller(), invocation.operation(), kind, false, library.info().id());
            }
            Optional<Sidecar> found = library.readSidecar(target, kind);
            return found.isPresent() ? sidecar(found.get()) : NullNode.getInstance();
        }
    }

    private static String writer(Caller caller) {
        return caller.extension() ? caller.id() : "host:" + caller.id();
    }

    static ObjectNode sidecar(Sidecar s) {
        ObjectNode out = StoreJson.MAPPER.createObjectNode().put("kind", s.kind());
        target(out, s.target());
        if (s.document() != null) {
            out.set("document", s.document());
        }
        return out.put("written_by", s.writtenBy()).put("size_bytes", s.sizeBytes())
                .put("updated_at", s.updatedAt().toString());
    }

    private static ObjectNode target(ObjectNode out, SidecarTarget t) {
        return out.put("scope", t.scope()).put(t.entry() ? "entry_uuid" : "content_uuid", t.uuid().toString());
    }
}
