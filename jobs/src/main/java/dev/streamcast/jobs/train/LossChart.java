package dev.streamcast.jobs.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the loss curve (training and validation loss per epoch) as a PNG with axes, ticks and a legend, off screen
 * (headless AWT: no display needed).
 */
final class LossChart {
    private LossChart() {}

    private static final int W = 800;
    private static final int H = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 64;
    private static final int BOTTOM = 60;

    /** @param validation NaN entries (no validation data) are not drawn */
    static void write(double[] train, double[] validation, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] curve : new double[][] {train, validation}) {
            for (double v : curve) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12) {
            hi = lo + Math.max(1e-6, Math.abs(lo) * 0.1);
        }
        int epochs = Math.max(2, train.length);
        Axes a = new Axes(lo, hi, epochs);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            int y = a.y(v);
            g.drawLine(LEFT - 5, y, LEFT, y);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), 8, y + 4);
        }
        int step = Math.max(1, (epochs - 1) / 10 + 1);
        for (int e = 1; e <= epochs; e += step) {
            int x = a.x(e - 1);
            g.drawLine(x, H - BOTTOM, x, H - BOTTOM + 5);
            g.drawString(String.valueOf(e), x - 4, H - BOTTOM + 20);
        }
        g.drawString("epoch", W / 2 - 15, H - 15);
        g.drawString("loss (MSE, scaled units)", 8, TOP - 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT + 150, 22);
        g.setStroke(new BasicStroke(2f));
        curve(g, a, train, new Color(31, 119, 180));
        curve(g, a, validation, new Color(255, 127, 14));
        legend(g, "training", new Color(31, 119, 180), 0);
        legend(g, "validation", new Color(255, 127, 14), 1);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private record Axes(double lo, double hi, int epochs) {
        int x(int epoch) {
            return LEFT + (int) Math.round((double) epoch * (W - LEFT - RIGHT) / (epochs - 1));
        }

        int y(double v) {
            return H - BOTTOM - (int) Math.round((v - lo) / (hi - lo) * (H - TOP - BOTTOM));
        }
    }

    private static void curve(Graphics2D g, Axes a, double[] v, Color color) {
        g.setColor(color);
        for (int e = 0; e < v.length; e++) {
            if (!Double.isFinite(v[e])) {
                continue;
            }
            g.fillOval(a.x(e) - 3, a.y(v[e]) - 3, 6, 6);
            if (e > 0 && Double.isFinite(v[e - 1])) {
                g.drawLine(a.x(e - 1), a.y(v[e - 1]), a.x(e), a.y(v[e]));
            }
        }
    }

    private static void legend(Graphics2D g, String name, Color color, int row) {
        int x = W - RIGHT - 230 + row * 110; // one row in the top margin, clear of the curves
        int y = TOP - 16;
        g.setColor(color);
        g.fillRect(x, y - 8, 20, 4);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(name, x + 28, y);
    }
}
