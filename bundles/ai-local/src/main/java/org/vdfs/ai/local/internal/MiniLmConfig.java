package org.vdfs.ai.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS MiniLM embeddings and zero-shot classification",
        description = "all-MiniLM-L6-v2 (384 dimensions) run by ONNX Runtime on this machine")
@interface MiniLmConfig {

    @AttributeDefinition(description = "An all-MiniLM-L6-v2 ONNX file to use instead of the one this bundle carries")
    String model_path() default "";

    @AttributeDefinition(description = "Threads ONNX Runtime uses inside one call; 0 = one per core")
    int intra_op_threads() default 0;

    @AttributeDefinition(description = "Texts run through the model together")
    int batch_size() default 32;

    @AttributeDefinition(description = "Tokens per text, [CLS] and [SEP] included; longer texts are cut (the model knows 512)")
    int max_tokens() default 256;

    @AttributeDefinition(description = "Most texts in one call")
    int max_texts() default 1024;

    @AttributeDefinition(description = "Zero-shot classification: each label is embedded as this sentence ({label} is replaced)")
    String classify_template() default "This text is about {label}.";

    @AttributeDefinition(description = "Zero-shot classification: softmax temperature over the cosine similarities (lower = sharper)")
    double classify_temperature() default 0.05;
}
