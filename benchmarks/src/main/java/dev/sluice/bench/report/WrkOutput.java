package dev.sluice.bench.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed: requests per second, the latency percentiles, and the responses
 * that were not 2xx or 3xx and the socket errors, which a valid run has none of; and, when {@code bin/bench}
 * appended them, the CPU time the server process used during the run ({@code Server CPU seconds: 8.12}) and the
 * part of it its JIT compiler threads used ({@code Server JIT CPU seconds: 0.03}).
 *
 * @param requestsPerSecond the requests per second
 * @param percentilesMicros latency percentiles in microseconds, keyed by {@code 50}, {@code 75}, {@code 90},
 *     {@code 99}
 * @param requests the requests completed
 * @param failures non-2xx/3xx responses plus socket errors
 * @param serverCpuSeconds the server's CPU time (user + system) during the run, NaN when not recorded
 * @param serverJitCpuSeconds the part of it used by the JIT compiler threads, NaN when not recorded
 */
public record WrkOutput(double requestsPerSecond, Map<String, Double> percentilesMicros, long requests,
        long failures, double serverCpuSeconds, double serverJitCpuSeconds) {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern SERVER_CPU = Pattern.compile("^Server CPU seconds:\\s+([0-9.]+)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern SERVER_JIT_CPU = Pattern.compile("^Server JIT CPU seconds:\\s+([0-9.]+)\\s*$",
            Pattern.MULTILINE);

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
        return new WrkOutput(Double.parseDouble(rate.group(1)), percentiles, count, failures,
                optional(SERVER_CPU, text), optional(SERVER_JIT_CPU, text));
    }

    /**
     * Returns the server's CPU time per request in microseconds: the figure that other work on the machine
     * spoils least, since it counts the server's own work, not the share of the core it was given.
     *
     * @return microseconds of server CPU per completed request, NaN when the CPU time was not recorded or no
     *     request completed
     */
    public double serverCpuMicrosPerRequest() {
        return requests == 0 ? Double.NaN : serverCpuSeconds * 1e6 / requests;
    }

    private static double optional(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }
}
