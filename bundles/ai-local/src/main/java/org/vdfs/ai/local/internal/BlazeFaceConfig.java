package org.vdfs.ai.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS face detection with BlazeFace",
        description = "MediaPipe BlazeFace (short-range and back-camera models) run by ONNX Runtime on this machine")
@interface BlazeFaceConfig {

    @AttributeDefinition(description = "Threads ONNX Runtime uses inside one call; 0 = one per core")
    int intra_op_threads() default 0;

    @AttributeDefinition(description = "Boxes overlapping a better one by more than this intersection over union are merged into it")
    double iou_threshold() default 0.3;

    @AttributeDefinition(description = "Merged boxes are the score-weighted mean of their group (MediaPipe's weighted suppression); false keeps the best box")
    boolean blend() default true;

    @AttributeDefinition(description = "Largest image accepted, in megapixels")
    int max_megapixels() default 60;
}
