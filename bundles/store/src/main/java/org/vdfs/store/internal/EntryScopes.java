package org.vdfs.store.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.EntryScope;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.StoreException;

/**
 * An extension's entry scope (its manifest's {@code entry_globs}, the operator's folders) applied
 * to store operations that name an entry or content by uuid: an entry is in scope if its path is;
 * content is if some entry holding it is. Host callers and extensions without a scope see all.
 */
public final class EntryScopes {

    private final PermissionGuard guard;
    private final LocationIndexer indexer;
    private final Invocation invocation;
    private final UUID library;
    private final EntryScope scope;
    /** Location uuid to its folder ("" if gone), read once per call. */
    private final Map<UUID, String> roots = new HashMap<>();

    private EntryScopes(PermissionGuard guard, LocationIndexer indexer, Invocation invocation, UUID library,
            EntryScope scope) {
        this.guard = guard;
        this.indexer = indexer;
        this.invocation = invocation;
        this.library = library;
        this.scope = scope;
    }

    /** The scope of the call's caller; an extension's needs the guard (without it the call is refused). */
    static EntryScopes of(PermissionGuard guard, LocationIndexer indexer, Invocation invocation, UUID library)
            throws OperationException {
        return new EntryScopes(guard, indexer, invocation, library, scopeOf(guard, invocation));
    }

    /** The caller's entry scope: every entry for host callers; an extension's needs the guard. */
    public static EntryScope scopeOf(PermissionGuard guard, Invocation invocation) throws OperationException {
        if (!invocation.caller().extension()) {
            return EntryScope.ALL;
        }
        if (guard == null) {
            throw new OperationException(ErrorCodes.UNAVAILABLE, "no permission guard is running, so an "
                    + "extension's entry scope cannot be known; start the guard bundle");
        }
        return guard.entryScope(invocation.caller());
    }

    /** Whether the entry is in scope; an entry the library does not know is (the store reports it). */
    boolean allowsEntry(UUID entry) throws StoreException {
        if (!scope.restricted()) {
            return true;
        }
        Optional<EntryInfo> e = indexer.entry(library, entry);
        return e.isEmpty() || scope.allows(root(e.get().locationUuid()), e.get().path());
    }

    /** Whether some entry holding the content is in scope. */
    boolean allowsContent(UUID content) throws StoreException {
        return !scope.restricted()
                || !indexer.queryEntries(library, new EntryQuery(null, null, content, null, null, null, 1, 0, scope))
                        .isEmpty();
    }

    /** Refuses an entry outside the scope, through the guard (which records the denial). */
    void requireEntry(UUID entry) throws OperationException {
        if (!allowsEntry(entry)) {
            throw refuse("entry " + entry);
        }
    }

    /** Refuses content no entry of which is in scope. */
    void requireContent(UUID content) throws OperationException {
        if (!allowsContent(content)) {
            throw refuse("content " + content + " (no entry holding it is in scope)");
        }
    }

    private OperationException refuse(String what) {
        Caller caller = invocation.caller();
        return guard.outsideScope(caller, invocation.operation(), library, what);
    }

    /**
     * The location's folder, looked up once per call by its key: {@code locations()} would count
     * every location's entries, a scan of the whole library on each scoped call.
     */
    private String root(UUID location) throws StoreException {
        String root = roots.get(location);
        if (root == null) {
            root = indexer.locationFolder(library, location).map(Path::toString).orElse("");
            roots.put(location, root);
        }
        return root;
    }
}
