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
}
