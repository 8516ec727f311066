package dev.sluice.bench.report;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the generated parts of a Markdown document: the text between {@code <!-- generated:NAME -->} and
 * {@code <!-- /generated:NAME -->} is replaced, everything else is kept as written.
 */
public final class Markdown {

    private Markdown() {
    }

    /**
     * Replaces every named section.
     *
     * @param document the document
     * @param sections the new text of each section, by name
     * @return the document with the sections replaced
     * @throws IllegalArgumentException if a section's markers are missing
     */
    public static String replaceSections(String document, Map<String, String> sections) {
        String result = document;
        for (Map.Entry<String, String> section : sections.entrySet()) {
            String begin = "<!-- generated:" + section.getKey() + " -->";
            String end = "<!-- /generated:" + section.getKey() + " -->";
            Matcher matcher = Pattern.compile(Pattern.quote(begin) + "(?s).*?" + Pattern.quote(end)).matcher(result);
            if (!matcher.find()) {
                throw new IllegalArgumentException("the document has no section '" + section.getKey()
                        + "': add the lines " + begin + " and " + end);
            }
            String body = section.getValue().endsWith("\n") ? section.getValue() : section.getValue() + "\n";
            result = result.substring(0, matcher.start()) + begin + "\n" + body + end
                    + result.substring(matcher.end());
        }
        return result;
    }

    /**
     * Formats a table.
     *
     * @param header the column titles
     * @param rows the cells, row by row
     * @return the table, one line per row
     */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            text.append(i == 0 ? "---|" : "---:|");
        }
        text.append('\n');
        for (List<String> row : rows) {
            text.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return text.toString();
    }
}
