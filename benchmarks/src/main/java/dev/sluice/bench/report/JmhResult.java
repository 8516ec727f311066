package dev.sluice.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One benchmark's result from JMH's JSON output.
 *
 * @param benchmark the class's simple name and the method, such as {@code DecisionBenchmark.oneThread}
 * @param threads the threads that ran it
 * @param params its parameters
 * @param score the mean, in the score's unit (ns/op here)
 * @param error JMH's 99.9 % confidence half-width; NaN when there were too few iterations
 * @param bytesPerOp {@code gc.alloc.rate.norm}, bytes allocated per operation; NaN without {@code -prof gc}
 */
public record JmhResult(String benchmark, int threads, Map<String, String> params, double score, double error,
        double bytesPerOp) {

    /**
     * Reads JMH's JSON result file.
     *
     * @param file the file
     * @return every result in it
     * @throws IOException if it cannot be read or parsed
     */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode node : root) {
            String[] parts = node.get("benchmark").asText().split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode paramNode = node.get("params");
            if (paramNode != null) {
                for (Map.Entry<String, JsonNode> field : paramNode.properties()) {
                    params.put(field.getKey(), field.getValue().asText());
                }
            }
            JsonNode primary = node.get("primaryMetric");
            double bytes = Double.NaN;
            JsonNode secondary = node.get("secondaryMetrics");
            if (secondary != null) {
                for (Map.Entry<String, JsonNode> metric : secondary.properties()) {
                    if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
                        bytes = metric.getValue().get("score").asDouble();
                    }
                }
            }
            results.add(new JmhResult(name, node.get("threads").asInt(), params, primary.get("score").asDouble(),
                    number(primary.get("scoreError")), bytes));
        }
        return results;
    }

    private static double number(JsonNode node) {
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }

    /**
     * Returns a parameter.
     *
     * @param name its name
     * @return its value, or an empty string
     */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }
}
