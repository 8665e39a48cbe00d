package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vdfs.ai.local.internal.Nms.Box;

class NmsTest {

    @Test
    void iou() {
        Box a = new Box(0, 0, 10, 10, 1);
        assertEquals(1.0, a.iou(new Box(0, 0, 10, 10, 0.5)), 1e-12);
        assertEquals(0.0, a.iou(new Box(10, 0, 10, 10, 0.5)), 1e-12, "touching edges do not overlap");
        assertEquals(0.0, a.iou(new Box(50, 50, 10, 10, 0.5)), 1e-12);
        // half overlap: intersection 50, union 150
        assertEquals(1.0 / 3, a.iou(new Box(5, 0, 10, 10, 0.5)), 1e-12);
        assertEquals(0.0, a.iou(new Box(0, 0, 0, 0, 0.5)), 1e-12, "an empty box overlaps nothing");
    }

    @Test
    void overlappingBoxesCollapseIntoTheBestDisjointOnesStayBestFirst() {
        List<Box> kept = Nms.suppress(List.of(
                new Box(100, 100, 10, 10, 0.6),
                new Box(0, 0, 10, 10, 0.7),
                new Box(1, 1, 10, 10, 0.9),
                new Box(0, 1, 10, 10, 0.8),
                new Box(200, 0, 10, 10, 0.95)), 0.3, false);
        assertEquals(List.of(new Box(200, 0, 10, 10, 0.95), new Box(1, 1, 10, 10, 0.9),
                new Box(100, 100, 10, 10, 0.6)), kept);
    }

    @Test
    void theThresholdIsStrict() {
        // IoU exactly 1/3: suppressed above 0.3, kept at 1/3
        List<Box> boxes = List.of(new Box(0, 0, 10, 10, 0.9), new Box(5, 0, 10, 10, 0.8));
        assertEquals(1, Nms.suppress(boxes, 0.3, false).size());
        assertEquals(2, Nms.suppress(boxes, 1.0 / 3, false).size());
    }

    @Test
    void blendingTakesTheScoreWeightedMeanAndKeepsTheBestScore() {
        List<Box> kept = Nms.suppress(List.of(new Box(0, 0, 10, 10, 0.75), new Box(2, 2, 10, 10, 0.25)), 0.3, true);
        assertEquals(1, kept.size());
        Box b = kept.get(0);
        assertEquals(0.5, b.x(), 1e-12);
        assertEquals(0.5, b.y(), 1e-12);
        assertEquals(10, b.width(), 1e-12);
        assertEquals(0.75, b.score(), 1e-12);
    }

    @Test
    void nothingInNothingOut() {
        assertEquals(List.of(), Nms.suppress(List.of(), 0.3, true));
    }
}
