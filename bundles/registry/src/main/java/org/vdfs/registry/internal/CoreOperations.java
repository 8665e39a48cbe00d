package org.vdfs.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationRegistry;

/** Built-in {@code core.*} operations: liveness and discovery. */
final class CoreOperations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CoreOperations() {
    }

    /** {@code core.ping}: answers at once; echoes the input so callers can check the round trip. */
    @Component(service = Operation.class, property = {
            Operation.NAME + "=core.ping",
            Operation.KIND + "=query",
            Operation.DESCRIPTION + "=Answers pong and echoes its input" })
    public static final class Ping implements Operation {

        private String version;

        @Activate
        void activate(BundleContext context) {
            version = context.getBundle().getVersion().toString();
        }

        @Override
        public JsonNode invoke(Invocation invocation) {
            ObjectNode pong = JSON.objectNode();
            pong.put("pong", true);
            pong.put("version", version);
            pong.put("caller", invocation.caller().id());
            pong.set("echo", invocation.input());
            return pong;
        }
    }

    /** {@code core.operations}: every operation of the registry with its kind and provider. */
    @Component(service = Operation.class, property = {
            Operation.NAME + "=core.operations",
            Operation.KIND + "=query",
            Operation.DESCRIPTION + "=Lists every operation of the registry" })
    public static final class ListOperations implements Operation {

        @Reference
        private OperationRegistry registry;

        @Override
        public JsonNode invoke(Invocation invocation) {
            ArrayNode list = JSON.arrayNode();
            for (OperationInfo info : registry.list()) {
                list.addObject().put("name", info.name()).put("kind", info.kind().label())
                        .put("description", info.description()).put("provider", info.provider())
                        .put("wire_name", info.wireName());
            }
            return list;
        }
    }
}
