package org.vdfs.api.ai;

import java.util.List;

/** Face detection. */
public interface FaceDetectionProvider extends AiProvider {

    /**
     * Faces after non-maximum suppression, best first.
     *
     * @param image    encoded image bytes
     * @param minScore detections below this score are dropped (0..1)
     */
    List<Face> detectFaces(AiModel model, byte[] image, double minScore) throws AiException;

    /** A face box in image pixels with the detector's score (0..1). */
    record Face(int x, int y, int width, int height, double score) {
    }
}
