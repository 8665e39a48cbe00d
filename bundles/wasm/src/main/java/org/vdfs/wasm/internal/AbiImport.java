package org.vdfs.wasm.internal;

import static com.dylibso.chicory.wasm.types.ValType.F32;
import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every host function of the {@code spacedrive} import module (ABI.md), with its exact type. */
enum AbiImport {
    SPACEDRIVE_CALL("spacedrive_call", List.of(I32, I32, I32, I32, I32), List.of(I32)),
    SPACEDRIVE_LOG("spacedrive_log", List.of(I32, I32, I32), List.of()),
    REGISTER_JOB("register_job", List.of(I32, I32, I32, I32, I32), List.of(I32)),
    REGISTER_OPERATION("register_operation", List.of(I32, I32, I32, I32, I32), List.of(I32)),
    JOB_REPORT_PROGRESS("job_report_progress", List.of(I32, F32, I32, I32), List.of()),
    JOB_CHECKPOINT("job_checkpoint", List.of(I32, I32, I32), List.of(I32)),
    JOB_CHECK_INTERRUPT("job_check_interrupt", List.of(I32), List.of(I32)),
    JOB_ADD_WARNING("job_add_warning", List.of(I32, I32, I32), List.of()),
    JOB_INCREMENT_BYTES("job_increment_bytes", List.of(I32, I64), List.of()),
    JOB_INCREMENT_ITEMS("job_increment_items", List.of(I32, I64), List.of()),
    // beyond the seeds: a task's attempt starts (with its timeout, enforced by the host) and ends
    JOB_TASK_START("job_task_start", List.of(I32, I32, I32, I32, I32, I64), List.of(I32)),
    JOB_TASK_END("job_task_end", List.of(I32), List.of());

    static final String MODULE = "spacedrive";

    private static final Map<String, AbiImport> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AbiImport::importName, Function.identity()));

    private final String importName;
    private final FunctionType type;

    AbiImport(String importName, List<ValType> params, List<ValType> results) {
        this.importName = importName;
        this.type = FunctionType.of(params, results);
    }

    String importName() {
        return importName;
    }

    FunctionType type() {
        return type;
    }

    static AbiImport byName(String name) {
        return BY_NAME.get(name);
    }

    static String describe(FunctionType t) {
        return "(" + t.params().stream().map(v -> v.toString().toLowerCase()).collect(Collectors.joining(","))
                + ")->(" + t.returns().stream().map(v -> v.toString().toLowerCase()).collect(Collectors.joining(","))
                + ")";
    }
}
