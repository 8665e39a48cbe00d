package org.vdfs.wasm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS WASM runtime", description = "How extensions are compiled and run")
@interface RuntimeConfig {

    @AttributeDefinition(description = "Folder for the compiled-module cache; empty = <vdfs.data>/wasm")
    String data_dir() default "";

    @AttributeDefinition(description = "Compile modules to JVM bytecode (fast); false = interpret (slow, starts quicker for huge modules)")
    boolean compiler() default true;

    @AttributeDefinition(description = "Instances per extension at most (calls beyond wait for a free one)")
    int pool_size() default 4;

    @AttributeDefinition(description = "Largest spacedrive_call payload accepted, in bytes")
    long max_payload_bytes() default 16L << 20;

    @AttributeDefinition(description = "Run an operation call of an extension on the caller's own thread (no thread "
            + "hand-off: fastest for short calls); the caller's thread is then interrupted at the call deadline, waits "
            + "for a host call that ignores interrupts, and lends its stack to the guest's recursion. false = every call "
            + "on the runtime's guest threads (16 MiB stacks; a caller stops waiting at the deadline whatever the guest does)")
    boolean calls_on_caller_thread() default true;
}
