package dev.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

    @Test
    void write_drawsAPngWithEveryPanelAndBar(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path file = dir.resolve("charts/chart.png");
        BarChart.Panel panel = new BarChart.Panel("title", "ns", List.of("a", "b"), List.of("x", "y"),
                new double[][] {{10, 20}, {Double.NaN, 5}}, new double[][] {{1, 2}, {Double.NaN, 0.5}});

        BarChart.write(file, "chart", List.of(panel, panel));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isGreaterThan(2 * 400);
        assertThat(image.getHeight()).isGreaterThan(100);
        // the longest bar (20 of a scale rounded up to 20) starts at the plot's left edge in the first colour
        assertThat(image.getRGB(16 + 230 + 2, 64 + 9 + 4) & 0xffffff).isEqualTo(0xff7f0e);
    }

    @Test
    void niceCeiling_roundsUpToARoundMultipleOfAPowerOfTen() {
        assertThat(BarChart.niceCeiling(0)).isEqualTo(1);
        assertThat(BarChart.niceCeiling(9.3)).isEqualTo(10);
        assertThat(BarChart.niceCeiling(130)).isEqualTo(150);
        assertThat(BarChart.niceCeiling(2400)).isEqualTo(2500);
        assertThat(BarChart.niceCeiling(5238)).isEqualTo(6000);
    }
}
