package dev.sluice.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws horizontal grouped bar charts with Java 2D (headless) into PNG files: one or more panels side by side,
 * each with its rows (the contenders), one bar per series in each row, and an optional error bar on each.
 */
public final class BarChart {

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    };
    private static final int PANEL_WIDTH = 430;
    private static final int LABEL_WIDTH = 230;
    private static final int BAR_HEIGHT = 9;
    private static final int ROW_GAP = 8;
    private static final int TOP = 64;
    private static final int MARGIN = 16;

    private BarChart() {
    }

    /**
     * One panel of a chart.
     *
     * @param title the panel's title
     * @param unit the values' unit, shown under the axis
     * @param rows the row labels, top to bottom
     * @param series the series labels, one bar each per row
     * @param values {@code values[row][series]}; NaN for no bar
     * @param errors {@code errors[row][series]}, drawn as plus or minus around the value; null or NaN for none
     */
    public record Panel(String title, String unit, List<String> rows, List<String> series, double[][] values,
            double[][] errors) {
    }

    /**
     * Draws a chart and writes it as a PNG.
     *
     * @param file where to write it
     * @param title the chart's title
     * @param panels its panels, left to right
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, String title, List<Panel> panels) throws IOException {
        int maxRows = panels.stream().mapToInt(panel -> panel.rows().size() * rowHeight(panel)).max().orElse(0);
        int maxSeries = panels.stream().mapToInt(panel -> panel.series().size()).max().orElse(0);
        int width = MARGIN + panels.size() * (LABEL_WIDTH + PANEL_WIDTH + MARGIN);
        int height = TOP + maxRows + 40 + 18 * ((maxSeries + 2) / 3) + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, MARGIN, 24);
            int x = MARGIN;
            for (Panel panel : panels) {
                drawPanel(g, panel, x, TOP, maxRows);
                x += LABEL_WIDTH + PANEL_WIDTH + MARGIN;
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    private static int rowHeight(Panel panel) {
        return panel.series().size() * BAR_HEIGHT + ROW_GAP;
    }

    private static void drawPanel(Graphics2D g, Panel panel, int left, int top, int plotHeight) {
        double max = 0;
        for (int row = 0; row < panel.rows().size(); row++) {
            for (int series = 0; series < panel.series().size(); series++) {
                double value = panel.values()[row][series];
                double error = error(panel, row, series);
                if (!Double.isNaN(value)) {
                    max = Math.max(max, value + (Double.isNaN(error) ? 0 : error));
                }
            }
        }
        max = niceCeiling(max);
        int plotLeft = left + LABEL_WIDTH;
        int plotWidth = PANEL_WIDTH - 20;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), left, top - 18);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics metrics = g.getFontMetrics();
        for (int tick = 0; tick <= 4; tick++) {
            int x = plotLeft + plotWidth * tick / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, top - 4, x, top + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = format(max * tick / 4);
            g.drawString(label, x - metrics.stringWidth(label) / 2, top + plotHeight + 14);
        }
        g.drawString(panel.unit(), plotLeft + plotWidth / 2 - metrics.stringWidth(panel.unit()) / 2,
                top + plotHeight + 28);

        int y = top;
        for (int row = 0; row < panel.rows().size(); row++) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            String label = panel.rows().get(row);
            int labelY = y + (panel.series().size() * BAR_HEIGHT) / 2 + 4;
            g.drawString(label, plotLeft - 8 - g.getFontMetrics().stringWidth(label), labelY);
            for (int series = 0; series < panel.series().size(); series++) {
                double value = panel.values()[row][series];
                int barY = y + series * BAR_HEIGHT;
                if (!Double.isNaN(value) && max > 0) {
                    int length = (int) Math.round(plotWidth * value / max);
                    g.setColor(PALETTE[series % PALETTE.length]);
                    g.fillRect(plotLeft, barY, Math.max(1, length), BAR_HEIGHT - 1);
                    double error = error(panel, row, series);
                    if (!Double.isNaN(error) && error > 0) {
                        int from = (int) Math.round(plotWidth * Math.max(0, value - error) / max);
                        int to = (int) Math.round(plotWidth * (value + error) / max);
                        g.setColor(Color.BLACK);
                        g.setStroke(new BasicStroke(1f));
                        int middle = barY + BAR_HEIGHT / 2;
                        g.drawLine(plotLeft + from, middle, plotLeft + to, middle);
                        g.drawLine(plotLeft + from, middle - 2, plotLeft + from, middle + 2);
                        g.drawLine(plotLeft + to, middle - 2, plotLeft + to, middle + 2);
                    }
                }
            }
            y += rowHeight(panel);
        }

        int legendY = top + plotHeight + 46;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int series = 0; series < panel.series().size(); series++) {
            int column = series % 3;
            int line = series / 3;
            int x = plotLeft - 120 + column * 180;
            g.setColor(PALETTE[series % PALETTE.length]);
            g.fillRect(x, legendY + line * 18 - 9, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(panel.series().get(series), x + 14, legendY + line * 18);
        }
    }

    private static double error(Panel panel, int row, int series) {
        return panel.errors() == null ? Double.NaN : panel.errors()[row][series];
    }

    /** Rounds up to a round multiple (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8) of a power of ten. */
    static double niceCeiling(double value) {
        if (value <= 0 || Double.isNaN(value)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", value / 1e6);
        }
        if (value >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        if (value >= 10 || value == 0) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
