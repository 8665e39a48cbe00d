package org.vdfs.wasm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.JobDefinition;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;

/** Built-in {@code extensions.*} operations: what is installed and how it is doing. */
final class ExtensionOperations {

    private ExtensionOperations() {
    }

    static ObjectNode summary(ExtensionInfo info) {
        ExtensionManifest m = info.manifest();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", m.id());
        o.put("name", m.name());
        o.put("version", m.version());
        o.put("state", info.state().name().toLowerCase());
        if (info.error() != null) {
            o.put("error", info.error());
        }
        o.put("bundle_id", info.bundleId());
        ArrayNode ops = o.putArray("operations");
        info.operations().forEach(ops::add);
        ArrayNode jobs = o.putArray("jobs");
        for (JobDefinition j : info.jobs()) {
            jobs.add(j.fullName());
        }
        return o;
    }

    static ObjectNode details(ExtensionInfo info) {
        ObjectNode o = summary(info);
        ExtensionManifest m = info.manifest();
        o.put("description", m.description());
        o.put("author", m.author());
        o.set("manifest", m.raw());
        ArrayNode jobs = o.putArray("jobs");
        for (JobDefinition j : info.jobs()) {
            jobs.addObject().put("name", j.fullName()).put("export", j.export()).put("resumable", j.resumable());
        }
        ObjectNode s = o.putObject("stats");
        s.put("host_calls", info.stats().hostCalls());
        s.put("failed_host_calls", info.stats().failedHostCalls());
        s.put("invocations", info.stats().invocations());
        s.put("traps", info.stats().traps());
        s.put("instances", info.stats().instances());
        s.put("memory_bytes", info.stats().memoryBytes());
        s.put("compiled", info.stats().compiled());
        return o;
    }

    /**
     * Registers {@code extensions.list} and {@code extensions.info}. The extender does it
     * itself: as DS components needing the extension registry, they would be bound by
     * the operation registry the extender itself needs — a circular reference.
     */
    static List<ServiceRegistration<Operation>> register(BundleContext context, ExtensionRegistry extensions) {
        return List.of(
                context.registerService(Operation.class, invocation -> {
                    ArrayNode list = Json.MAPPER.createArrayNode();
                    for (ExtensionInfo info : extensions.list()) {
                        list.add(summary(info));
                    }
                    return list;
                }, properties("extensions.list", "Lists installed extensions with their state, operations and jobs")),
                context.registerService(Operation.class, invocation -> {
                    JsonNode in = invocation.input();
                    String id = in.isTextual() ? in.asText() : in.path("id").asText("");
                    if (id.isEmpty()) {
                        throw new OperationException(ErrorCodes.INVALID_PAYLOAD, "give the extension id: {\"id\": \"...\"}");
                    }
                    return details(extensions.find(id).orElseThrow(() -> new OperationException(
                            ErrorCodes.INVALID_PAYLOAD, "no extension `" + id + "` is installed")));
                }, properties("extensions.info", "One extension in detail: manifest, jobs, counters; input {\"id\": ...}")));
    }

    private static Dictionary<String, Object> properties(String name, String description) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Operation.NAME, name);
        props.put(Operation.KIND, "query");
        props.put(Operation.DESCRIPTION, description);
        return props;
    }
}
