package dev.sluice.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the simple comma-separated files the benchmarks write: a header line, no quoting. */
public final class Csv {

    private Csv() {
    }

    /**
     * Reads a file into rows keyed by the header's column names.
     *
     * @param file the file
     * @return the rows, in order
     * @throws IOException if the file cannot be read
     */
    public static List<Map<String, String>> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses text into rows keyed by the header's column names; blank lines are skipped.
     *
     * @param text the text
     * @return the rows, in order
     * @throws IllegalArgumentException if a row has another number of columns than the header
     */
    public static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] header = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.strip().split(",", -1);
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.length != header.length) {
                throw new IllegalArgumentException("a row has " + cells.length + " columns, the header "
                        + header.length + ": " + line);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
