package org.vdfs.store.internal.ext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.ExtensionSql;

/**
 * {@code ext.sql.query} and {@code ext.sql.execute}: SQL in the calling
 * extension's own schema of the invocation's library (none: the default), with
 * bound parameters. An extension always acts as itself; a host caller names the
 * extension in {@code "extension_id"}. Shapes and rules: docs/store.md.
 */
public final class ExtSqlOperations {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ExtSqlOperations() {
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=ext.sql.query",
            Operation.KIND + "=query",
            Operation.DESCRIPTION + "=Runs a query in the caller's own tables, with bound parameters" })
    public static final class Query implements Operation {

        @Reference
        ExtensionSql sql;

        @Override
        public JsonNode invoke(Invocation invocation) throws OperationException {
            ExtensionSql.SqlRows result = sql.query(invocation.libraryId(), extensionId(invocation),
                    sqlText(invocation), params(invocation));
            ObjectNode out = MAPPER.createObjectNode();
            ArrayNode columns = out.putArray("columns");
            result.columns().forEach(columns::add);
            ArrayNode rows = out.putArray("rows");
            for (List<Object> row : result.rows()) {
                ArrayNode r = rows.addArray();
                row.forEach(v -> r.add(json(v)));
            }
            out.put("truncated", result.truncated());
            if (result.truncated()) {
                out.put("max_rows", ExtensionSql.MAX_ROWS);
            }
            return out;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=ext.sql.execute",
            Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Runs a changing statement in the caller's own tables, with bound parameters" })
    public static final class Execute implements Operation {

        @Reference
        ExtensionSql sql;

        @Override
        public JsonNode invoke(Invocation invocation) throws OperationException {
            long updated = sql.execute(invocation.libraryId(), extensionId(invocation), sqlText(invocation),
                    params(invocation));
            return MAPPER.createObjectNode().put("updated", updated);
        }
    }

    static String extensionId(Invocation invocation) throws OperationException {
        JsonNode named = invocation.input() == null ? null : invocation.input().get("extension_id");
        if (invocation.caller().extension()) {
            if (named != null && !named.isNull() && !invocation.caller().id().equals(named.asText())) {
                throw new OperationException(ErrorCodes.PERMISSION_DENIED, "extension `" + invocation.caller().id()
                        + "` may only use its own tables, not those of `" + named.asText() + "`");
            }
            return invocation.caller().id();
        }
        if (named == null || !named.isTextual() || named.asText().isBlank()) {
            throw invalid(invocation, "is called by host `" + invocation.caller().id()
                    + "`: name the extension whose tables you mean in \"extension_id\"");
        }
        return named.asText();
    }

    static String sqlText(Invocation invocation) throws OperationException {
        JsonNode sql = invocation.input() == null ? null : invocation.input().get("sql");
        if (sql == null || !sql.isTextual() || sql.asText().isBlank()) {
            throw invalid(invocation, "needs \"sql\" as a non-empty string");
        }
        return sql.asText();
    }

    static List<Object> params(Invocation invocation) throws OperationException {
        JsonNode params = invocation.input() == null ? null : invocation.input().get("params");
        List<Object> values = new ArrayList<>();
        if (params == null || params.isNull()) {
            return values;
        }
        if (!params.isArray()) {
            throw invalid(invocation, "needs \"params\" as an array");
        }
        for (int i = 0; i < params.size(); i++) {
            JsonNode p = params.get(i);
            if (p.isNull()) {
                values.add(null);
            } else if (p.isTextual()) {
                values.add(p.asText());
            } else if (p.isBoolean()) {
                values.add(p.asBoolean());
            } else if (p.isIntegralNumber()) {
                values.add(p.canConvertToLong() ? (Object) p.asLong() : (Object) p.bigIntegerValue());
            } else if (p.isNumber()) {
                values.add(p.isBigDecimal() ? p.decimalValue() : p.asDouble());
            } else {
                throw invalid(invocation, "takes \"params\" as strings, numbers, booleans or null; params[" + i
                        + "] is " + p.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return values;
    }

    /** Binary values come out as base64 text; other values as their JSON kind. */
    static JsonNode json(Object v) {
        if (v == null) {
            return MAPPER.nullNode();
        }
        if (v instanceof byte[] bytes) {
            return MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof Boolean b) {
            return MAPPER.getNodeFactory().booleanNode(b);
        }
        if (v instanceof Long l) {
            return MAPPER.getNodeFactory().numberNode(l);
        }
        if (v instanceof Integer n) {
            return MAPPER.getNodeFactory().numberNode(n);
        }
        if (v instanceof Double d) {
            return MAPPER.getNodeFactory().numberNode(d);
        }
        if (v instanceof BigDecimal d) {
            return MAPPER.getNodeFactory().numberNode(d);
        }
        return MAPPER.getNodeFactory().textNode(v.toString());
    }

    private static OperationException invalid(Invocation invocation, String message) {
        return new OperationException(ErrorCodes.INVALID_PAYLOAD, "`" + invocation.operation() + "` " + message);
    }
}
