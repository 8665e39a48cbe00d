package org.vdfs.itests.framework;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import org.vdfs.api.job.JobRecord;

/**
 * A host JVM for the crash test: starts the container on a folder, installs
 * the test extension, dispatches a counter job and prints every checkpoint
 * the job manager reports as stored, until it is killed.
 */
public final class JobHost {

    private JobHost() {
    }

    /** Arguments: data folder, test extension .wasm, counter target. */
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Container c = Container.start(Paths.get(args[0]));
        c.installer().install(Path.of(args[1]));
        JobRecord job = c.jobs().dispatch("test-extension:counter", null, json.createObjectNode()
                .put("current", 0).put("target", Long.parseLong(args[2])).put("processed", 0));
        System.out.println("JOB " + job.id());
        String last = null;
        while (true) {
            JobRecord now = c.jobs().get(job.id()).orElseThrow();
            if (now.checkpoint() != null && !Objects.equals(now.checkpoint(), last)) {
                last = now.checkpoint();
                System.out.println("CHECKPOINT " + json.readTree(last).path("current").asLong());
                System.out.flush();
            }
            Thread.sleep(1);
        }
    }
}
