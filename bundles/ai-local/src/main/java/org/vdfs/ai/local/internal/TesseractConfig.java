package org.vdfs.ai.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "VDFS OCR with Tesseract", description = "Local OCR through the system's libtesseract")
@interface TesseractConfig {

    @AttributeDefinition(description = "Folder of the *.traineddata files (Debian's tesseract-ocr-* packages put them here)")
    String tessdata_path() default "/usr/share/tesseract-ocr/5/tessdata";

    @AttributeDefinition(description = "Language(s) when the caller gives none, in Tesseract's form: eng, eng+deu")
    String language() default "eng";

    @AttributeDefinition(description = "The native library: a name JNA looks up (tesseract finds libtesseract.so.5) or a full path")
    String library() default "tesseract";

    @AttributeDefinition(description = "Tesseract engines kept per language; each recognises one image at a time")
    int pool_size() default 2;

    @AttributeDefinition(description = "How long a call waits for a free engine before it fails with busy, in ms")
    long acquire_timeout_ms() default 30_000;

    @AttributeDefinition(description = "Page segmentation mode (3 = automatic, 4 = one column of text of varying sizes, 6 = one block)")
    int page_segmentation_mode() default 3;

    @AttributeDefinition(description = "Resolution assumed for images, in dpi (Tesseract uses it for its size heuristics)")
    int dpi() default 300;

    @AttributeDefinition(description = "Largest image accepted, in megapixels")
    int max_megapixels() default 60;
}
