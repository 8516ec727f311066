package dev.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void replaceSections_replacesOnlyBetweenMarkers_andCanBeRepeated() {
        String document = "# Title\n\n<!-- generated:a -->\nold\ntext\n<!-- /generated:a -->\n\nkept\n";

        String once = Markdown.replaceSections(document, Map.of("a", "new"));
        String twice = Markdown.replaceSections(once, Map.of("a", "new"));

        assertThat(once).isEqualTo("# Title\n\n<!-- generated:a -->\nnew\n<!-- /generated:a -->\n\nkept\n");
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void replaceSections_keepsDollarsAndBackslashesLiterally() {
        String document = "<!-- generated:a -->\n<!-- /generated:a -->\n";

        assertThat(Markdown.replaceSections(document, Map.of("a", "costs $1 \\ more")))
                .contains("costs $1 \\ more");
    }

    @Test
    void replaceSections_missingMarkers_namesThem() {
        assertThatThrownBy(() -> Markdown.replaceSections("nothing", Map.of("redis", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<!-- generated:redis -->");
    }

    @Test
    void table_rightAlignsEveryColumnButTheFirst() {
        String table = Markdown.table(List.of("name", "ns"), List.of(List.of("a", "1.5"), List.of("b", "20")));

        assertThat(table).isEqualTo("| name | ns |\n|---|---:|\n| a | 1.5 |\n| b | 20 |\n");
    }
}
