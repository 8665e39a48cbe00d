package org.vdfs.itests.framework;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Paths;
import java.util.Objects;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.operation.Caller;

/**
 * A host JVM for the indexer crash test: adds a folder as a location,
 * indexes it as a job and prints every stored checkpoint until it is killed.
 */
public final class IndexHost {

    private IndexHost() {
    }

    /** Arguments: data folder, folder to index. */
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Container c = Container.start(Paths.get(args[0]));
        String location = c.registry().call(Caller.host("test"), "vdfs.location_add", null,
                json.createObjectNode().put("path", args[1])).path("uuid").asText();
        JobRecord job = c.jobs().dispatch("core:index_location", null,
                json.createObjectNode().put("location_id", location));
        System.out.println("JOB " + job.id());
        String last = null;
        while (true) {
            JobRecord now = c.jobs().get(job.id()).orElseThrow();
            if (now.checkpoint() != null && !Objects.equals(now.checkpoint(), last)) {
                last = now.checkpoint();
                System.out.println("CHECKPOINT " + now.items());
                System.out.flush();
            }
            if (now.status().isFinal()) {
                System.out.println("ENDED " + now.status());
                return;
            }
            Thread.sleep(1);
        }
    }
}
