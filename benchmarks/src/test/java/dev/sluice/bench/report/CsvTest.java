package dev.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void parse_keysRowsByHeader_andSkipsBlankLines() {
        List<Map<String, String>> rows = Csv.parse("contender,per_second\nguava,12.5\n\nsluice,\n");

        assertThat(rows).containsExactly(Map.of("contender", "guava", "per_second", "12.5"),
                Map.of("contender", "sluice", "per_second", ""));
    }

    @Test
    void parse_rowOfAnotherWidth_fails() {
        assertThatThrownBy(() -> Csv.parse("a,b\n1,2,3\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 columns");
    }
}
