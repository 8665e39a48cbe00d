package org.vdfs.store.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.job.JobContext;
import org.vdfs.api.job.JobOutcome;
import org.vdfs.api.job.JobType;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.IndexStats;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.StoreException;

/**
 * The job {@code core:index_location}: parameters {@code {"library_id": "...", "location_id": "..."}}
 * ({@code library_id} may be left out for the job's library, else the default one). Its checkpoints
 * are the indexer's states (the parameters plus phase, run and cursor), so a paused or crashed job
 * continues where its last committed batch ended. Items count entries walked, bytes count bytes hashed.
 */
@Component(service = JobType.class, property = { JobType.NAME + "=" + LocationIndexer.JOB_TYPE,
        JobType.RESUMABLE + ":Boolean=true" })
public class IndexLocationJob implements JobType {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    LocationIndexer indexer;

    @Override
    public JobOutcome run(JobContext context) {
        JsonNode state;
        try {
            state = context.state() == null ? JSON.createObjectNode() : JSON.readTree(context.state());
        } catch (IOException e) {
            return JobOutcome.failed("the job state is not JSON: " + e.getMessage());
        }
        UUID library;
        UUID location;
        try {
            library = state.hasNonNull("library_id") ? UUID.fromString(state.get("library_id").asText())
                    : context.libraryId();
            location = UUID.fromString(state.path("location_id").asText(""));
        } catch (IllegalArgumentException e) {
            return JobOutcome.failed(LocationIndexer.JOB_TYPE + " needs {\"location_id\": \"<uuid>\"} and optionally "
                    + "\"library_id\" as uuids; got " + state);
        }
        try {
            IndexStats stats = indexer.index(library, location, context.state(), new IndexListener() {
                @Override
                public boolean interruptRequested() {
                    return context.interruptRequested();
                }

                @Override
                public void progress(double fraction, String message) {
                    context.progress(fraction, message);
                }

                @Override
                public boolean checkpoint(String s) {
                    return context.checkpoint(s);
                }

                @Override
                public void warning(String message) {
                    context.warning(message);
                }

                @Override
                public void entriesWalked(long n) {
                    context.addItems(n);
                }

                @Override
                public void bytesHashed(long n) {
                    context.addBytes(n);
                }
            });
            return stats.completed() ? JobOutcome.completed() : JobOutcome.interrupted();
        } catch (StoreException e) {
            return JobOutcome.failed(e.getMessage());
        }
    }
}
