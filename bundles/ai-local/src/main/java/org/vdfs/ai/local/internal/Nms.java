package org.vdfs.ai.local.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Non-maximum suppression over scored boxes: the best box takes every box
 * that overlaps it by more than the IoU threshold. Blended (MediaPipe's
 * "weighted" flavour), the kept box is the score-weighted mean of its group,
 * which steadies the box a detector reports from many neighbouring anchors;
 * otherwise it is the best box as it was.
 */
final class Nms {

    /** A box in any unit, top-left corner and size. */
    record Box(double x, double y, double width, double height, double score) {

        double area() {
            return Math.max(0, width) * Math.max(0, height);
        }

        double iou(Box o) {
            double ix = Math.min(x + width, o.x + o.width) - Math.max(x, o.x);
            double iy = Math.min(y + height, o.y + o.height) - Math.max(y, o.y);
            if (ix <= 0 || iy <= 0) {
                return 0;
            }
            double inter = ix * iy;
            double union = area() + o.area() - inter;
            return union <= 0 ? 0 : inter / union;
        }
    }

    private Nms() {
    }

    /** The kept boxes, best first; each keeps the best score of its group. */
    static List<Box> suppress(List<Box> boxes, double iouThreshold, boolean blend) {
        List<Box> remaining = new ArrayList<>(boxes);
        remaining.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Box best = remaining.remove(0);
            double sx = best.x() * best.score(), sy = best.y() * best.score();
            double sw = best.width() * best.score(), sh = best.height() * best.score();
            double total = best.score();
            for (int i = 0; i < remaining.size();) {
                Box b = remaining.get(i);
                if (best.iou(b) > iouThreshold) {
                    sx += b.x() * b.score();
                    sy += b.y() * b.score();
                    sw += b.width() * b.score();
                    sh += b.height() * b.score();
                    total += b.score();
                    remaining.remove(i);
                } else {
                    i++;
                }
            }
            kept.add(blend && total > 0 ? new Box(sx / total, sy / total, sw / total, sh / total, best.score()) : best);
        }
        return kept;
    }
}
