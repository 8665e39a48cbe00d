package org.vdfs.guard.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS permission guard", description = "Limits and storage of the permission guard")
@interface GuardConfig {

    @AttributeDefinition(description = "Folder for grants.json and audit.jsonl; empty = <vdfs.data>/guard")
    String data_dir() default "";

    @AttributeDefinition(description = "How long one guest call (plugin_init, an operation) may run before it is interrupted, in ms")
    long call_deadline_ms() default 10_000;

    @AttributeDefinition(description = "Ceiling on any extension's max_memory_mb, whatever its manifest asks")
    int max_memory_mb_cap() default 4096;

    @AttributeDefinition(description = "Refusals kept in memory for queries (all are appended to audit.jsonl)")
    int audit_capacity() default 10_000;
}
