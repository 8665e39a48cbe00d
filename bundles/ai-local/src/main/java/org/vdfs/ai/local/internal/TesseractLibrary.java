package org.vdfs.ai.local.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import net.sourceforge.tess4j.ITessAPI.ETEXT_DESC;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;

/**
 * The part of Tesseract's C API the provider calls, with tess4j's JNA types.
 * tess4j's own TessAPI cannot be used in a bundle: JNA's proxy initialises it,
 * and its INSTANCE field pulls tess4j's LoadLibs (commons-io, JBoss VFS) and
 * its signatures name every Leptonica structure of lept4j.
 */
interface TesseractLibrary extends Library {

    String TessVersion();

    void TessDeleteText(Pointer text);

    TessBaseAPI TessBaseAPICreate();

    void TessBaseAPIDelete(TessBaseAPI handle);

    int TessBaseAPIInit3(TessBaseAPI handle, String datapath, String language);

    void TessBaseAPISetPageSegMode(TessBaseAPI handle, int mode);

    void TessBaseAPISetImage(TessBaseAPI handle, ByteBuffer imagedata, int width, int height, int bytesPerPixel,
            int bytesPerLine);

    void TessBaseAPISetSourceResolution(TessBaseAPI handle, int ppi);

    int TessBaseAPIRecognize(TessBaseAPI handle, ETEXT_DESC monitor);

    Pointer TessBaseAPIGetUTF8Text(TessBaseAPI handle);

    int TessBaseAPIMeanTextConf(TessBaseAPI handle);

    TessResultIterator TessBaseAPIGetIterator(TessBaseAPI handle);

    void TessBaseAPIClear(TessBaseAPI handle);

    void TessBaseAPIEnd(TessBaseAPI handle);

    TessPageIterator TessResultIteratorGetPageIterator(TessResultIterator it);

    Pointer TessResultIteratorGetUTF8Text(TessResultIterator it, int level);

    float TessResultIteratorConfidence(TessResultIterator it, int level);

    int TessResultIteratorNext(TessResultIterator it, int level);

    void TessResultIteratorDelete(TessResultIterator it);

    int TessPageIteratorBoundingBox(TessPageIterator it, int level, IntBuffer left, IntBuffer top, IntBuffer right,
            IntBuffer bottom);
}
