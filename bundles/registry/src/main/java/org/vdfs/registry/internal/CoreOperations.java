package org.vdfs.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;

/** Built-in {@code core.ping}; {@code core.operations} lives in the registry itself. */
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
}
