package org.vdfs.guard.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.Permissions;
import org.vdfs.api.guard.AuditEntry;
import org.vdfs.api.guard.GrantState;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.guard.ResourceLimits;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.store.EntryScope;

@Component(service = PermissionGuard.class, configurationPid = "org.vdfs.guard")
@Designate(ocd = GuardConfig.class)
public class PermissionGuardImpl implements PermissionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(PermissionGuardImpl.class);

    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private GrantStore grants;
    private AuditTrail audit;
    private Duration deadline;
    private int memoryCapMb;
    private final List<OperatorScope> operatorScopes = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOperatorScope(OperatorScope scope) {
        operatorScopes.add(scope);
        LOG.info("Operator scope of {}: entries inside {}", scope.extensionId(), scope.folders());
    }

    void removeOperatorScope(OperatorScope scope) {
        operatorScopes.remove(scope);
    }

    @Activate
    void activate(BundleContext context, GuardConfig config) throws IOException {
        Path dir = config.data_dir().isBlank()
                ? Paths.get(context.getProperty("vdfs.data") == null ? "data" : context.getProperty("vdfs.data"), "guard")
                : Paths.get(config.data_dir());
        grants = new GrantStore(dir.resolve("grants.json"));
        audit = new AuditTrail(dir.resolve("audit.jsonl"), config.audit_capacity());
        deadline = Duration.ofMillis(Math.max(1, config.call_deadline_ms()));
        memoryCapMb = Math.max(1, config.max_memory_mb_cap());
        LOG.info("Permission guard ready: state in {}, call deadline {} ms, memory cap {} MiB",
                dir.toAbsolutePath(), deadline.toMillis(), memoryCapMb);
    }

    @Deactivate
    void deactivate() throws IOException {
        audit.close();
    }

    @Override
    public void enroll(String extensionId, Permissions requested) {
        policies.put(extensionId, new Policy(requested, grants.revoked(extensionId), System.nanoTime()));
    }

    @Override
    public void withdraw(String extensionId) {
        policies.remove(extensionId);
    }

    @Override
    public void check(Caller caller, OperationInfo operation, UUID libraryId) throws OperationException {
        if (!caller.extension()) {
            return;
        }
        String id = caller.id();
        Policy policy = policies.get(id);
        if (policy == null) {
            throw deny(id, operation.name(), libraryId, ErrorCodes.PERMISSION_DENIED,
                    "extension `" + id + "` is not running, so it may call nothing");
        }
        if (!policy.allows(operation)) {
            throw deny(id, operation.name(), libraryId, ErrorCodes.PERMISSION_DENIED,
                    "extension `" + id + "` asks for `" + operation.name() + "`, which is not granted (granted: "
                            + policy.granted() + ")");
        }
        if (!policy.allowsLibrary(libraryId)) {
            throw deny(id, operation.name(), libraryId, ErrorCodes.PERMISSION_DENIED,
                    "extension `" + id + "` may not touch library " + libraryId + " (its libraries: "
                            + String.join(", ", policy.permissions.libraries()) + ")");
        }
        if (!policy.limiter.tryAcquire(System.nanoTime())) {
            throw deny(id, operation.name(), libraryId, ErrorCodes.RATE_LIMITED,
                    "extension `" + id + "` went past its rate limit of " + policy.permissions.requestsPerMinute()
                            + " requests per minute");
        }
    }

    private OperationException deny(String extensionId, String method, UUID libraryId, String code, String reason) {
        audit.record(new AuditEntry(Instant.now(), extensionId, method, libraryId, code, reason));
        LOG.debug("Denied: {}", reason);
        return new OperationException(code, reason);
    }

    @Override
    public ResourceLimits limits(String extensionId) {
        Policy policy = policies.get(extensionId);
        int mb = policy == null ? Permissions.DEFAULT_MAX_MEMORY_MB : policy.permissions.maxMemoryMb();
        return new ResourceLimits(Math.min(mb, memoryCapMb) * 16, deadline);
    }

    @Override
    public synchronized GrantState grant(String extensionId, String methodPrefix) throws OperationException {
        Policy policy = policies.get(extensionId);
        MethodPermission wanted = MethodPermission.parse(methodPrefix);
        if (policy == null) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD,
                    "extension `" + extensionId + "` is not installed; grants narrow what a manifest requests");
        }
        if (policy.requested.stream().noneMatch(p -> p.covers(wanted))) {
            throw new OperationException(ErrorCodes.PERMISSION_DENIED, "extension `" + extensionId
                    + "` does not request `" + methodPrefix + "` in its manifest; a grant cannot go beyond it (requested: "
                    + String.join(", ", policy.permissions.methods()) + ")");
        }
        List<String> kept = new ArrayList<>();
        for (String r : grants.revoked(extensionId)) {
            MethodPermission revoked = MethodPermission.parse(r);
            if (!wanted.covers(revoked)) {
                if (revoked.covers(wanted)) {
                    throw new OperationException(ErrorCodes.PERMISSION_DENIED, "`" + methodPrefix
                            + "` stays revoked by the broader revocation `" + r + "`; grant `" + r + "` first");
                }
                if (revoked.overlaps(wanted)) {
                    throw new OperationException(ErrorCodes.PERMISSION_DENIED, "`" + methodPrefix
                            + "` only partly overlaps the revocation `" + r + "`; grant `" + r + "` itself");
                }
                kept.add(r);
            }
        }
        return update(extensionId, kept);
    }

    @Override
    public synchronized GrantState revoke(String extensionId, String methodPrefix) throws OperationException {
        if (methodPrefix == null || methodPrefix.isBlank()) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, "name a method prefix to revoke, e.g. `vdfs.`");
        }
        List<String> revoked = new ArrayList<>(grants.revoked(extensionId));
        if (!revoked.contains(methodPrefix.trim())) {
            revoked.add(methodPrefix.trim());
        }
        return update(extensionId, revoked);
    }

    private GrantState update(String extensionId, List<String> revoked) {
        grants.setRevoked(extensionId, revoked);
        Policy policy = policies.get(extensionId);
        if (policy != null) {
            policy.revoked(revoked);
        }
        LOG.info("Grants of {} changed; revoked now: {}", extensionId, revoked);
        return grants(extensionId);
    }

    @Override
    public synchronized void forget(String extensionId) {
        grants.setRevoked(extensionId, List.of());
        Policy policy = policies.get(extensionId);
        if (policy != null) {
            policy.revoked(List.of());
        }
        LOG.info("Grant record of {} deleted", extensionId);
    }

    @Override
    public GrantState grants(String extensionId) {
        Policy policy = policies.get(extensionId);
        return new GrantState(extensionId, policy == null ? List.of() : policy.permissions.methods(),
                grants.revoked(extensionId), policy == null ? List.of() : policy.permissions.libraries());
    }

    @Override
    public List<AuditEntry> audit(String extensionId, int limit) {
        return audit.newest(extensionId, Math.max(0, limit));
    }

    @Override
    public EntryScope entryScope(Caller caller) {
        if (!caller.extension()) {
            return EntryScope.ALL;
        }
        Policy policy = policies.get(caller.id());
        if (policy == null) {
            return new EntryScope(List.of(), null); // not running: nothing
        }
        // Several configurations for one extension add up: it sees the entries of each one's folders.
        List<String> folders = null;
        for (OperatorScope scope : operatorScopes) {
            if (scope.extensionId().equals(caller.id())) {
                folders = folders == null ? new ArrayList<>() : folders;
                folders.addAll(scope.folders());
            }
        }
        return new EntryScope(policy.permissions.entryGlobs(), folders);
    }

    @Override
    public boolean maySidecar(Caller caller, String kind, boolean write) {
        if (!caller.extension()) {
            return true;
        }
        Policy policy = policies.get(caller.id());
        if (policy == null) {
            return false;
        }
        List<String> allowed = sidecarKinds(policy, write);
        return allowed == null || allowed.contains("*") || allowed.contains(kind);
    }

    @Override
    public void checkSidecar(Caller caller, String method, String kind, boolean write, UUID libraryId)
            throws OperationException {
        if (maySidecar(caller, kind, write)) {
            return;
        }
        String id = caller.id();
        Policy policy = policies.get(id);
        if (policy == null) {
            throw deny(id, method, libraryId, ErrorCodes.PERMISSION_DENIED,
                    "extension `" + id + "` is not running, so it may call nothing");
        }
        String permission = write ? "WriteSidecars (permissions.sidecars.write)"
                : "ReadSidecars (permissions.sidecars.read, or .write)";
        throw deny(id, method, libraryId, ErrorCodes.PERMISSION_DENIED, "extension `" + id + "` may not "
                + (write ? "write" : "read") + " sidecars of kind `" + kind + "`: its " + permission + " kinds are "
                + sidecarKinds(policy, write));
    }

    /** The kinds an extension may write, or read (what it may write it may read back); null: any. */
    private static List<String> sidecarKinds(Policy policy, boolean write) {
        List<String> writable = policy.permissions.sidecarWrite();
        List<String> readable = policy.permissions.sidecarRead();
        if (write || (readable == null && writable == null)) {
            return write ? writable : null;
        }
        LinkedHashSet<String> both = new LinkedHashSet<>(readable == null ? List.of() : readable);
        both.addAll(writable == null ? List.of() : writable);
        return List.copyOf(both);
    }

    @Override
    public OperationException outsideScope(Caller caller, String method, UUID libraryId, String what) {
        return deny(caller.id(), method, libraryId, ErrorCodes.PERMISSION_DENIED, "extension `" + caller.id()
                + "` may not read " + what + ": it is outside its ReadEntries scope (" + entryScope(caller).describe()
                + ")");
    }
}
