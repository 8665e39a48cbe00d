package org.vdfs.jobs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS job manager", description = "Where jobs are kept and how many run")
@interface JobsConfig {

    @AttributeDefinition(description = "Folder of the jobs database; empty = <vdfs.data>/jobs")
    String data_dir() default "";

    @AttributeDefinition(description = "Jobs running at once, all extensions together")
    int workers() default 4;

    @AttributeDefinition(description = "Jobs of the core (core:*) running at once")
    int core_concurrent_jobs() default 2;

    @AttributeDefinition(description = "How long a job asked to pause or cancel may take to checkpoint and return before it is interrupted, in ms")
    long interrupt_grace_ms() default 5_000;

    @AttributeDefinition(description = "At most one progress event per job in this many ms")
    long progress_event_interval_ms() default 250;
}
