package org.vdfs.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS store", description = "Where the VDFS libraries live")
@interface StoreConfig {

    @AttributeDefinition(description = "Folder of libraries.json and libraries/<uuid>.mv.db; empty = <vdfs.data>/store")
    String data_dir() default "";
}
