package org.vdfs.wasm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.Permissions;

/** Reads and checks a manifest (ABI.md, "Extension package"); every problem is reported by field name. */
final class ManifestParser {

    /** Ids become bundle symbolic names, log names and operation prefixes: keep them to a safe alphabet. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}([-.][0-9A-Za-z_.-]+)?");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestParser() {
    }

    static ExtensionManifest parse(byte[] json, String where) throws ExtensionException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ExtensionException("the manifest in " + where + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ExtensionException("cannot read the manifest in " + where + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ExtensionException("the manifest in " + where + " must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        String id = text(root, "id", problems, true);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add("`id` \"" + id + "\" must be lower-case letters, digits, '.', '_' or '-' (at most 128)");
        }
        String name = text(root, "name", problems, false);
        String version = text(root, "version", problems, true);
        if (version != null && (!VERSION.matcher(version).matches() || !fitsOsgi(version))) {
            problems.add("`version` \"" + version + "\" is not a version like 1.2.3 (each number below 2^31)");
        }
        String description = text(root, "description", problems, false);
        String author = text(root, "author", problems, false);
        String homepage = text(root, "homepage", problems, false);
        String wasmFile = text(root, "wasm_file", problems, false);
        String minCore = text(root, "min_core_version", problems, false);
        Permissions permissions = permissions(root.path("permissions"), problems);
        if (!problems.isEmpty()) {
            throw new ExtensionException("the manifest in " + where + " is invalid: " + String.join("; ", problems));
        }
        JsonNode config = root.get("config_schema");
        return new ExtensionManifest(id, name == null ? id : name, version, description == null ? "" : description,
                author, homepage, wasmFile, minCore, permissions, config, root);
    }

    /** OSGi version numbers are ints. */
    private static boolean fitsOsgi(String version) {
        for (String part : version.split("[-.+]", 4)) {
            if (!part.chars().allMatch(Character::isDigit)) {
                break;
            }
            try {
                Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode root, String field, List<String> problems, boolean required) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add("`" + field + "` is missing");
            }
            return null;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            problems.add("`" + field + "` must be a " + (required ? "non-empty " : "") + "string");
            return null;
        }
        if (v.asText().chars().anyMatch(Character::isISOControl)) {
            problems.add("`" + field + "` must not hold control characters (line breaks, tabs...)");
            return null;
        }
        return v.asText();
    }

    private static Permissions permissions(JsonNode p, List<String> problems) {
        if (!p.isMissingNode() && !p.isNull() && !p.isObject()) {
            problems.add("`permissions` must be an object");
            return null;
        }
        List<String> methods = strings(p, "methods", List.of(), problems);
        List<String> libraries = strings(p, "libraries", List.of("*"), problems);
        for (String lib : libraries) {
            if (!lib.equals("*") && !lib.matches("[0-9a-fA-F-]{36}")) {
                problems.add("`permissions.libraries` holds \"" + lib + "\", which is neither \"*\" nor a UUID");
            }
        }
        List<String> network = strings(p, "network_access", List.of(), problems);
        JsonNode rates = p.path("rate_limits");
        int rpm = positive(rates, "requests_per_minute", Permissions.DEFAULT_REQUESTS_PER_MINUTE, problems);
        int jobs = positive(rates, "concurrent_jobs", Permissions.DEFAULT_CONCURRENT_JOBS, problems);
        int memory = positive(p, "max_memory_mb", Permissions.DEFAULT_MAX_MEMORY_MB, problems);
        // Absent lists stay null: then the method permissions alone decide (docs/extension-authors.md).
        List<String> globs = strings(p, "entry_globs", null, problems);
        JsonNode sidecars = p.path("sidecars");
        if (!sidecars.isMissingNode() && !sidecars.isNull() && !sidecars.isObject()) {
            problems.add("`permissions.sidecars` must be an object {\"read\": [...], \"write\": [...]}");
        }
        List<String> read = strings(sidecars, "read", null, problems);
        List<String> write = strings(sidecars, "write", null, problems);
        return new Permissions(methods, libraries, rpm, jobs, network, memory, globs, read, write);
    }

    private static List<String> strings(JsonNode parent, String field, List<String> dflt, List<String> problems) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isArray()) {
            problems.add("`permissions." + field + "` must be an array of strings");
            return dflt;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) {
                problems.add("`permissions." + field + "` must hold only non-empty strings");
                return dflt;
            }
            out.add(e.asText().trim());
        }
        return out;
    }

    private static int positive(JsonNode parent, String field, int dflt, List<String> problems) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
            problems.add("`" + field + "` must be a positive integer");
            return dflt;
        }
        return v.asInt();
    }
}
