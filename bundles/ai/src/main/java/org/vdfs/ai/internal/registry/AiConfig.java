package org.vdfs.ai.internal.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code org.vdfs.ai}. Besides these, per category ({@code ocr}, {@code embedding}, …):
 * {@code preference.<category> = local | remote | any} and {@code default.<category> = <model name>}.
 */
@ObjectClassDefinition(name = "VDFS AI registry", description = "Models, preferences and limits of the ai.* operations")
public @interface AiConfig {

    @AttributeDefinition(description = "Folder of models.json and downloaded models; empty = <vdfs.data>/ai")
    String data_dir() default "";

    @AttributeDefinition(description = "ai.* calls running at once; more wait briefly, then fail with busy")
    int max_concurrent() default 4;

    @AttributeDefinition(description = "How long a call waits for a free slot before it fails with busy (ms)")
    long busy_wait_ms() default 2000;

    @AttributeDefinition(description = "Deadline of one ai.* call (ms); past it the call fails with timeout")
    long call_deadline_ms() default 60000;

    @AttributeDefinition(description = "Largest image an ai.* call reads (MiB)")
    int max_image_mb() default 50;

    @AttributeDefinition(description = "Largest model file a download or copy stores (MiB)")
    int max_model_mb() default 4096;

    @AttributeDefinition(description = "Deadline of one model download (ms)")
    long download_timeout_ms() default 600000;
}
