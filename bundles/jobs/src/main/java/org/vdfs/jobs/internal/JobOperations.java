package org.vdfs.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.UUID;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.job.JobException;
import org.vdfs.api.job.JobJson;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;

/**
 * {@code jobs.*} operations. An extension sees and steers only its own jobs;
 * host callers (shell, HTTP, Java) see all.
 */
final class JobOperations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobOperations() {
    }

    static ObjectNode json(JobRecord r) {
        return JobJson.of(r);
    }

    /** Pause, resume or cancel the job named in the input, if the caller may see it. */
    interface Steer {
        JobRecord apply(UUID id) throws JobException;
    }

    static JsonNode steer(JobManager jobs, Invocation inv, Steer action) throws OperationException {
        try {
            return json(action.apply(job(jobs, inv).id()));
        } catch (JobException e) {
            throw failed(e);
        }
    }

    /** The job named by {@code {"id": ...}}, if the caller may see it. */
    static JobRecord job(JobManager jobs, Invocation inv) throws OperationException {
        String text = inv.input().isTextual() ? inv.input().asText() : inv.input().path("id").asText("");
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, "give the job id: {\"id\": \"<uuid>\"}");
        }
        JobRecord r = jobs.get(id).filter(j -> visible(inv.caller(), j)).orElseThrow(
                () -> new OperationException(ErrorCodes.INVALID_PAYLOAD, "no job " + id));
        return r;
    }

    private static boolean visible(Caller caller, JobRecord r) {
        return !caller.extension() || caller.id().equals(r.owner());
    }

    static OperationException failed(JobException e) {
        return new OperationException(ErrorCodes.INVALID_PAYLOAD, e.getMessage());
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.dispatch", Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Queues a job: {\"job\": \"<extension>:<name>\", \"params\": {...}}" })
    public static final class Dispatch implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) throws OperationException {
            String type = inv.input().isTextual() ? inv.input().asText() : inv.input().path("job").asText("");
            if (!type.contains(":")) {
                throw new OperationException(ErrorCodes.INVALID_PAYLOAD,
                        "name the job as {\"job\": \"<extension>:<name>\", \"params\": {...}}");
            }
            if (inv.caller().extension() && !JobManagerImpl.owner(type).equals(inv.caller().id())) {
                throw new OperationException(ErrorCodes.PERMISSION_DENIED, "extension `" + inv.caller().id()
                        + "` may dispatch only its own jobs, not `" + type + "`");
            }
            try {
                return json(jobs.dispatch(type, inv.libraryId(), inv.input().get("params")));
            } catch (JobException e) {
                throw failed(e);
            }
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.list", Operation.KIND + "=query",
            Operation.DESCRIPTION + "=Jobs, newest first: {\"owner\": \"<extension>\", \"limit\": 50}" })
    public static final class ListJobs implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) {
            String owner = inv.caller().extension() ? inv.caller().id()
                    : inv.input().hasNonNull("owner") ? inv.input().get("owner").asText() : null;
            ArrayNode out = JSON.createArrayNode();
            for (JobRecord r : jobs.list(owner, inv.input().path("limit").asInt(50))) {
                out.add(json(r));
            }
            return out;
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.get", Operation.KIND + "=query",
            Operation.DESCRIPTION + "=One job: {\"id\": \"<uuid>\"}" })
    public static final class Get implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) throws OperationException {
            return json(job(jobs, inv));
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.pause", Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Asks a job to checkpoint and pause: {\"id\": \"<uuid>\"}" })
    public static final class Pause implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) throws OperationException {
            return steer(jobs, inv, jobs::pause);
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.resume", Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Queues a paused job again: {\"id\": \"<uuid>\"}" })
    public static final class Resume implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) throws OperationException {
            return steer(jobs, inv, jobs::resume);
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.cancel", Operation.KIND + "=action",
            Operation.DESCRIPTION + "=Stops a job for good, keeping its record: {\"id\": \"<uuid>\"}" })
    public static final class Cancel implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) throws OperationException {
            return steer(jobs, inv, jobs::cancel);
        }
    }

    @Component(service = Operation.class, property = { Operation.NAME + "=jobs.wait", Operation.KIND + "=query",
            Operation.DESCRIPTION + "=Waits until a job ends or pauses: {\"id\": \"<uuid>\", \"timeout_ms\": 60000}" })
    public static final class Wait implements Operation {
        @Reference
        private JobManager jobs;

        @Override
        public JsonNode invoke(Invocation inv) throws OperationException {
            if (inv.caller().extension()) {
                throw new OperationException(ErrorCodes.PERMISSION_DENIED,
                        "jobs.wait blocks; extensions poll jobs.get instead");
            }
            JobRecord r = job(jobs, inv);
            try {
                return json(jobs.await(r.id(), Duration.ofMillis(inv.input().path("timeout_ms").asLong(60_000))));
            } catch (JobException e) {
                throw failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationException(ErrorCodes.UNAVAILABLE, "interrupted while waiting for job " + r.id());
            }
        }
    }
}
