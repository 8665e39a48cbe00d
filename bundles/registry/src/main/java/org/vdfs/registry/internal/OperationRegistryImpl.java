package org.vdfs.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.MethodName;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationKind;
import org.vdfs.api.operation.OperationRegistry;

/**
 * The operation registry. It is a bundle of its own, not part of the WASM
 * runtime, because the shell, HTTP and plain Java deployments call operations
 * too: the registry must work (and be guarded) with no WASM runtime present.
 */
@Component(service = OperationRegistry.class)
public class OperationRegistryImpl implements OperationRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(OperationRegistryImpl.class);

    private final OperationTable table = new OperationTable();
    private final AtomicLong order = new AtomicLong();

    @Reference
    private PermissionGuard guard;

    /**
     * {@code core.operations} is part of the registry rather than a whiteboard
     * service: a service that needs the registry while the registry binds it
     * would be a circular reference.
     */
    @Activate
    void activate(BundleContext context) {
        OperationInfo info = new OperationInfo("core.operations", OperationKind.QUERY,
                "Lists every operation of the registry", context.getBundle().getSymbolicName());
        table.add(CORE_OPERATIONS_KEY, new OperationTable.Entry(info, invocation -> listJson(), 0, 0));
    }

    private static final Object CORE_OPERATIONS_KEY = new Object();

    private JsonNode listJson() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (OperationInfo info : table.list()) {
            list.addObject().put("name", info.name()).put("kind", info.kind().label())
                    .put("description", info.description()).put("provider", info.provider())
                    .put("wire_name", info.wireName());
        }
        return list;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOperation(ServiceReference<Operation> ref, Operation operation) {
        Object name = ref.getProperty(Operation.NAME);
        if (!(name instanceof String) || ((String) name).isBlank()) {
            LOG.warn("Ignoring an operation service of bundle {} without the {} property",
                    ref.getBundle().getSymbolicName(), Operation.NAME);
            return;
        }
        Object description = ref.getProperty(Operation.DESCRIPTION);
        Object provider = ref.getProperty("vdfs.extension.id");
        OperationInfo info = new OperationInfo((String) name, OperationKind.parse(ref.getProperty(Operation.KIND)),
                description == null ? "" : description.toString(),
                provider != null ? provider.toString() : ref.getBundle().getSymbolicName());
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        OperationTable.Entry previous = table.add(ref, new OperationTable.Entry(info, operation,
                ranking instanceof Integer ? (Integer) ranking : 0, order.incrementAndGet()));
        if (previous != null) {
            LOG.warn("Operation {} is provided by both {} and {}; the higher service ranking (then the first) wins",
                    info.name(), previous.info().provider(), info.provider());
        }
        LOG.debug("Registered operation {} ({}) from {}", info.name(), info.kind().label(), info.provider());
    }

    void removeOperation(ServiceReference<Operation> ref) {
        table.remove(ref);
    }

    @Override
    public JsonNode call(Caller caller, String method, UUID libraryId, JsonNode input) throws OperationException {
        OperationTable.Entry entry = table.resolve(method).orElse(null);
        if (entry == null) {
            // An unknown name still counts against the caller: probing must not be free.
            guard.check(caller, new OperationInfo(method, MethodName.parse(method).kind() == OperationKind.ACTION
                    ? OperationKind.ACTION : OperationKind.QUERY, "", "unknown"), libraryId);
            throw new OperationException(ErrorCodes.UNKNOWN_METHOD, "no operation named `" + method + "`");
        }
        guard.check(caller, entry.info(), libraryId);
        JsonNode result;
        try {
            result = entry.operation().invoke(new Invocation(entry.info().name(), caller, libraryId,
                    input == null ? NullNode.getInstance() : input));
        } catch (OperationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Operation {} failed for {}", entry.info().name(), caller, e);
            throw new OperationException(ErrorCodes.INTERNAL,
                    "operation `" + entry.info().name() + "` failed: " + e, e);
        }
        return result == null ? NullNode.getInstance() : result;
    }

    @Override
    public Optional<OperationInfo> find(String method) {
        return table.resolve(method).map(OperationTable.Entry::info);
    }

    @Override
    public List<OperationInfo> list() {
        return table.list();
    }
}
