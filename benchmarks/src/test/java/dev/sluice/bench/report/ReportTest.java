package dev.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(Report.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Report.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void fmt_keepsThreeSignificantFiguresOrWholeNumbers() {
        assertThat(Report.fmt(1.234)).isEqualTo("1.23");
        assertThat(Report.fmt(12.34)).isEqualTo("12.3");
        assertThat(Report.fmt(123.4)).isEqualTo("123");
        assertThat(Report.fmt(12_345.6)).isEqualTo("12,346");
        assertThat(Report.fmt(Double.NaN)).isEqualTo("-");
    }
}
