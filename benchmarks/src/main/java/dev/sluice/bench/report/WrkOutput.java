package dev.sluice.bench.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed: requests per second, the latency percentiles, and the responses
 * that were not 2xx or 3xx and the socket errors, which a valid run has none of.
 *
 * @param requestsPerSecond the requests per second
 * @param percentilesMicros latency percentiles in microseconds, keyed by {@code 50}, {@code 75}, {@code 90},
 *     {@code 99}
 * @param requests the requests completed
 * @param failures non-2xx/3xx responses plus socket errors
 */
public record WrkOutput(double requestsPerSecond, Map<String, Double> percentilesMicros, long requests,
        long failures) {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /**
     * Parses wrk's output.
     *
     * @param text what wrk printed
     * @return the figures
     * @throws IllegalArgumentException if the output has no requests per second or no latency distribution
     */
    public static WrkOutput parse(String text) {
        Matcher rate = RATE.matcher(text);
        if (!rate.find()) {
            throw new IllegalArgumentException("no 'Requests/sec' in wrk's output:\n" + text);
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        Matcher percentile = PERCENTILE.matcher(text);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2));
            double micros = switch (percentile.group(3).toLowerCase(Locale.ROOT)) {
                case "us" -> value;
                case "ms" -> value * 1e3;
                default -> value * 1e6;
            };
            percentiles.put(percentile.group(1), micros);
        }
        if (percentiles.size() != 4) {
            throw new IllegalArgumentException("no latency distribution (run wrk with --latency):\n" + text);
        }
        Matcher requests = REQUESTS.matcher(text);
        long count = requests.find() ? Long.parseLong(requests.group(1)) : 0;
        long failures = 0;
        Matcher non2xx = NON_2XX.matcher(text);
        if (non2xx.find()) {
            failures += Long.parseLong(non2xx.group(1));
        }
        Matcher errors = SOCKET_ERRORS.matcher(text);
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                failures += Long.parseLong(errors.group(group));
            }
        }
        return new WrkOutput(Double.parseDouble(rate.group(1)), percentiles, count, failures);
    }
}
