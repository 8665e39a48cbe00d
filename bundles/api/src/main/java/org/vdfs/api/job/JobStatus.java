package org.vdfs.api.job;

import java.util.Locale;

/** Where a job is. COMPLETED, FAILED and CANCELLED are final. */
public enum JobStatus {
    QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
