package org.vdfs.ai.local.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** A shop receipt drawn with Java2D, as a photo of a printed receipt would be after cropping. */
public final class Receipt {

    public static final List<String[]> ITEMS = List.of(
            new String[] {"COFFEE", "3.50"},
            new String[] {"BAGEL", "2.25"},
            new String[] {"ORANGE JUICE", "4.10"},
            new String[] {"BANANAS 1.2KG", "1.98"});
    public static final String SUBTOTAL = "11.83";
    public static final String TAX = "0.95";
    public static final String TOTAL = "12.78";

    private Receipt() {
    }

    /** PNG bytes of the receipt. */
    public static byte[] png() {
        int width = 900, line = 56, top = 80;
        BufferedImage image = new BufferedImage(width, top + line * 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
            g.drawString("CORNER MARKET", 250, top);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 34));
            int y = top + line * 2;
            for (String[] item : ITEMS) {
                row(g, item[0], item[1], y);
                y += line;
            }
            g.drawLine(60, y - line / 2, width - 60, y - line / 2);
            y += line / 2;
            row(g, "SUBTOTAL", SUBTOTAL, y);
            y += line;
            row(g, "TAX 8%", TAX, y);
            y += line;
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 38));
            row(g, "TOTAL", TOTAL, y);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void row(Graphics2D g, String label, String price, int y) {
        g.drawString(label, 80, y);
        int w = g.getFontMetrics().stringWidth(price);
        g.drawString(price, 820 - w, y);
    }
}
