package org.vdfs.api.job;

/** A task that failed on every attempt; the message names the task and the last failure. */
public class TaskFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
