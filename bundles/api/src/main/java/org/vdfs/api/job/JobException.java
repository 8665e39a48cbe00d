package org.vdfs.api.job;

/** A request the job manager cannot carry out; the message says why. */
public class JobException extends Exception {

    private static final long serialVersionUID = 1L;

    public JobException(String message) {
        super(message);
    }
}
