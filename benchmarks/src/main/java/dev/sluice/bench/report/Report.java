package dev.sluice.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.sluice.bench.Contender;

/**
 * Reads the raw results of {@code bin/bench}, draws one chart per family and rewrites the generated sections of
 * {@code BENCHMARKS.md}: the machine, the tables with their ratios, and every target met or missed with its
 * figure. A family without results (not run) is reported as not measured.
 *
 * <p>Usage: {@code Report --results DIR --charts DIR --doc BENCHMARKS.md}.
 */
public final class Report {

    private static final String FLOOR = "floor";
    private static final String CLOCK_FLOOR = "floor-with-clock";
    private static final String SINGLE_BUCKET = "bucket4j-single-bucket";
    private static final String NOT_MEASURED = "_Not measured in this run._\n";
    private static final List<int[]> SCENARIOS = List.of(new int[] {1, 1}, new int[] {1, 2},
            new int[] {100_000, 1}, new int[] {100_000, 2});
    private static final List<String> LIMITS = List.of("allowed", "denied");
    private static final List<String> HTTP_SERIES = List.of("limited-global", "limited", "open");
    private static final String JAVA_CEILING = "Jedis `EVALSHA` of `return 1` (Java ceiling: same pool and threads)";
    private static final String JAVA_CEILING_CHART = "Jedis EVALSHA (Java ceiling)";

    private final Path results;
    private final Path charts;
    private final Path doc;
    private final Map<String, String> sections = new LinkedHashMap<>();
    private final List<List<String>> targets = new ArrayList<>();

    private Report(Path results, Path charts, Path doc) {
        this.results = results;
        this.charts = charts;
        this.doc = doc;
    }

    /**
     * Writes the charts and rewrites the document.
     *
     * @param args {@code --results DIR --charts DIR --doc FILE}
     * @throws IOException if a result cannot be read or a chart or the document cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Report report = new Report(Path.of(options.getOrDefault("--results", "benchmarks/results")),
                Path.of(options.getOrDefault("--charts", "benchmarks/charts")),
                Path.of(options.getOrDefault("--doc", "BENCHMARKS.md")));
        report.run();
    }

    private void run() throws IOException {
        machine();
        memory();
        redis();
        http();
        footprint();
        sections.put("targets", Markdown.table(List.of("target", "figure", "status"), targets));
        String document = Files.readString(doc, StandardCharsets.UTF_8);
        Files.writeString(doc, Markdown.replaceSections(document, sections), StandardCharsets.UTF_8);
        System.out.println("report: rewrote " + doc + " and the charts in " + charts);
    }

    private void target(String target, String figure, boolean met) {
        targets.add(List.of(target, figure, met ? "**met**" : "**missed**"));
    }

    private void target(String target, String figure, String status) {
        targets.add(List.of(target, figure, status));
    }

    private void unmeasured(String target) {
        targets.add(List.of(target, "-", "not measured"));
    }

    // ---------------------------------------------------------------- machine

    private void machine() throws IOException {
        Path file = results.resolve("machine.txt");
        if (!Files.exists(file)) {
            sections.put("machine", NOT_MEASURED);
            return;
        }
        // a partial run appends its lines to the earlier run's: the later value of a key wins
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        values.forEach((key, value) -> rows.add(List.of(key, "`" + value + "`")));
        sections.put("machine", Markdown.table(List.of("", ""), rows));
    }

    // ---------------------------------------------------------------- family 1: in memory

    private static String key(String contender, int keys, int threads, String limit) {
        return contender + "|" + keys + "|" + threads + "|" + limit;
    }

    private void memory() throws IOException {
        Path file = results.resolve("jmh.json");
        if (!Files.exists(file)) {
            sections.put("memory", NOT_MEASURED);
            for (String target : List.of("in-memory token bucket <= Bucket4j's single bucket",
                    "in-memory token bucket <= 1.5x the floor", "allow allocates nothing on a warm key",
                    "tryAcquire allocates at most its Decision")) {
                unmeasured(target);
            }
            return;
        }
        Map<String, JmhResult> index = new LinkedHashMap<>();
        Map<String, JmhResult> tryAcquire = new LinkedHashMap<>();
        for (JmhResult result : JmhResult.read(file)) {
            String[] name = result.benchmark().split("\\.");
            switch (name[0]) {
                case "DecisionBenchmark" -> index.put(key(result.param("contender"),
                        Integer.parseInt(result.param("keys")), result.threads(), result.param("limit")), result);
                case "SingleBucketBenchmark" -> index.put(key(SINGLE_BUCKET, 1, result.threads(),
                        result.param("limit")), result);
                case "FloorBenchmark" -> {
                    String floor = name[1].endsWith("WithClock") ? CLOCK_FLOOR : FLOOR;
                    for (String limit : LIMITS) {
                        index.put(key(floor, Integer.parseInt(result.param("keys")), result.threads(), limit),
                                result);
                    }
                }
                case "TryAcquireBenchmark" -> tryAcquire.put(result.param("algorithm") + "|"
                        + result.param("limit"), result);
                default -> throw new IllegalStateException("unknown benchmark " + result.benchmark());
            }
        }
        List<String> rows = new ArrayList<>();
        Arrays.stream(Contender.values()).map(Contender::label).forEach(rows::add);
        rows.add(SINGLE_BUCKET);
        rows.add(FLOOR);
        rows.add(CLOCK_FLOOR);
        List<String> scenarioNames = SCENARIOS.stream().map(s -> scenario(s[0], s[1])).toList();

        StringBuilder text = new StringBuilder();
        List<BarChart.Panel> panels = new ArrayList<>();
        for (String limit : LIMITS) {
            text.append("\n**").append(limit.equals("allowed") ? "Every call admitted" : "Every call refused")
                    .append("** (ns per decision ± JMH's 99.9 % error; bytes allocated per decision)\n\n");
            List<List<String>> table = new ArrayList<>();
            double[][] values = new double[rows.size()][SCENARIOS.size()];
            double[][] errors = new double[rows.size()][SCENARIOS.size()];
            for (int r = 0; r < rows.size(); r++) {
                List<String> cells = new ArrayList<>();
                cells.add(rows.get(r));
                for (int s = 0; s < SCENARIOS.size(); s++) {
                    JmhResult result = index.get(key(rows.get(r), SCENARIOS.get(s)[0], SCENARIOS.get(s)[1], limit));
                    values[r][s] = result == null ? Double.NaN : result.score();
                    errors[r][s] = result == null ? Double.NaN : result.error();
                    cells.add(result == null ? "-" : String.format(Locale.ROOT, "%s ± %s (%s B)",
                            fmt(result.score()), fmt(result.error()), fmt(result.bytesPerOp())));
                }
                table.add(cells);
            }
            List<String> header = new ArrayList<>();
            header.add("contender");
            header.addAll(scenarioNames);
            text.append(Markdown.table(header, table));
            panels.add(new BarChart.Panel(limit.equals("allowed") ? "Every call admitted" : "Every call refused",
                    "ns per decision (shorter is better)", rows, scenarioNames, values, errors));

            text.append("\nSluice ÷ peer (time per decision; below 1 means Sluice is faster):\n\n");
            List<List<String>> ratios = new ArrayList<>();
            for (String sluice : Contender.sluiceLabels()) {
                for (String peer : List.of("bucket4j-lock-free", "bucket4j-synchronized", "resilience4j", "guava",
                        SINGLE_BUCKET, FLOOR, CLOCK_FLOOR)) {
                    if (!sluice.equals("sluice-token-bucket") && !peer.equals(FLOOR)
                            && !peer.equals("bucket4j-lock-free")) {
                        continue;
                    }
                    List<String> cells = new ArrayList<>();
                    cells.add(sluice + " ÷ " + peer);
                    for (int[] scenario : SCENARIOS) {
                        JmhResult mine = index.get(key(sluice, scenario[0], scenario[1], limit));
                        JmhResult theirs = index.get(key(peer, peer.equals(SINGLE_BUCKET) ? 1 : scenario[0],
                                scenario[1], limit));
                        cells.add(mine == null || theirs == null ? "-" : ratio(mine.score() / theirs.score()));
                    }
                    ratios.add(cells);
                }
            }
            List<String> ratioHeader = new ArrayList<>();
            ratioHeader.add("ratio");
            ratioHeader.addAll(scenarioNames);
            text.append(Markdown.table(ratioHeader, ratios));
        }
        text.append("\n`bucket4j-single-bucket` is one bare bucket with no per-key map, so its spread columns "
                + "repeat its one-key figure in the ratios.\n");

        text.append("\n**`tryAcquire`, which returns the whole `Decision`** (one key, one thread)\n\n");
        double decisionBytes = decisionBytes();
        List<List<String>> tryRows = new ArrayList<>();
        boolean tryMet = true;
        double worstTry = 0;
        for (String algorithm : List.of("FIXED_WINDOW", "SLIDING_LOG", "SLIDING_COUNTER", "TOKEN_BUCKET",
                "LEAKY_BUCKET")) {
            List<String> cells = new ArrayList<>();
            cells.add(algorithm.toLowerCase(Locale.ROOT).replace('_', '-'));
            for (String limit : LIMITS) {
                JmhResult result = tryAcquire.get(algorithm + "|" + limit);
                if (result == null) {
                    cells.add("-");
                    continue;
                }
                cells.add(String.format(Locale.ROOT, "%s ± %s ns, %s B", fmt(result.score()), fmt(result.error()),
                        fmt(result.bytesPerOp())));
                worstTry = Math.max(worstTry, result.bytesPerOp());
                tryMet &= result.bytesPerOp() <= decisionBytes + 0.5;
            }
            tryRows.add(cells);
        }
        text.append(Markdown.table(List.of("algorithm", "admitted", "refused"), tryRows));
        text.append(String.format(Locale.ROOT, "%nOne `Decision` is %s bytes.%n", fmt(decisionBytes)));
        sections.put("memory", text.toString());
        BarChart.write(charts.resolve("memory.png"), "In memory: time per decision (JMH, avgt)", panels);

        memoryTargets(index, decisionBytes, tryMet, worstTry);
    }

    private void memoryTargets(Map<String, JmhResult> index, double decisionBytes, boolean tryMet,
            double worstTry) {
        StringBuilder bucketFigure = new StringBuilder();
        StringBuilder floorFigure = new StringBuilder();
        StringBuilder clockFigure = new StringBuilder();
        boolean bucketMet = true;
        boolean floorMet = true;
        boolean complete = true;
        for (String limit : LIMITS) {
            for (int[] scenario : SCENARIOS) {
                JmhResult mine = index.get(key("sluice-token-bucket", scenario[0], scenario[1], limit));
                JmhResult bucket = index.get(key(SINGLE_BUCKET, 1, scenario[1], limit));
                JmhResult floor = index.get(key(FLOOR, scenario[0], scenario[1], limit));
                JmhResult clockFloor = index.get(key(CLOCK_FLOOR, scenario[0], scenario[1], limit));
                if (mine == null || bucket == null || floor == null || clockFloor == null) {
                    complete = false;
                    continue;
                }
                String name = limit + ", " + scenario(scenario[0], scenario[1]);
                bucketMet &= mine.score() <= bucket.score();
                floorMet &= mine.score() <= 1.5 * floor.score();
                bucketFigure.append(String.format(Locale.ROOT, "%s: %s vs %s ns (%s); ", name, fmt(mine.score()),
                        fmt(bucket.score()), ratio(mine.score() / bucket.score())));
                floorFigure.append(String.format(Locale.ROOT, "%s: %s vs %s ns (%s); ", name, fmt(mine.score()),
                        fmt(floor.score()), ratio(mine.score() / floor.score())));
                clockFigure.append(String.format(Locale.ROOT, "%s: %s vs %s ns (%s); ", name, fmt(mine.score()),
                        fmt(clockFloor.score()), ratio(mine.score() / clockFloor.score())));
            }
        }
        if (complete) {
            target("in-memory per-key token bucket at most as costly as Bucket4j's single bucket",
                    bucketFigure.toString().strip(), bucketMet);
            target("in-memory per-key token bucket within 1.5x the floor (map get + CAS)",
                    floorFigure.toString().strip(), floorMet);
            target("(reference, not a target) in-memory per-key token bucket against the floor with one clock "
                    + "reading (map get + clock + CAS)", clockFigure.toString().strip(), "reference");
        } else {
            unmeasured("in-memory token bucket <= Bucket4j's single bucket and <= 1.5x the floor");
        }
        StringBuilder allowFigure = new StringBuilder();
        boolean allowMet = true;
        for (String sluice : Contender.sluiceLabels()) {
            for (String limit : LIMITS) {
                JmhResult result = index.get(key(sluice, 1, 1, limit));
                if (result != null) {
                    allowMet &= result.bytesPerOp() < 0.5;
                    allowFigure.append(String.format(Locale.ROOT, "%s %s: %s B; ", sluice.substring(7), limit,
                            fmt(result.bytesPerOp())));
                }
            }
        }
        target("`allow` allocates nothing on a warm key", allowFigure.toString().strip(), allowMet);
        if (Double.isNaN(decisionBytes)) {
            // the size of a Decision comes from the footprint family
            target("`tryAcquire` allocates at most its Decision", "at most " + fmt(worstTry)
                    + " B per call; the size of a Decision was not measured (run the footprint family)",
                    "not measured");
        } else {
            target("`tryAcquire` allocates at most its Decision (" + fmt(decisionBytes) + " B)",
                    "at most " + fmt(worstTry) + " B per call", tryMet);
        }
    }

    private double decisionBytes() throws IOException {
        Path file = results.resolve("decision.csv");
        if (!Files.exists(file)) {
            return Double.NaN;
        }
        return Double.parseDouble(Csv.read(file).get(0).get("instance_bytes"));
    }

    /** A ceiling's row of the Redis table: decisions per second (p50 / p99 µs) per thread count, one round trip. */
    private static List<String> ceilingRow(String label, Map<Integer, Map<String, String>> byThreads,
            List<Integer> threads) {
        List<String> cells = new ArrayList<>(List.of(label, "-"));
        for (int t : threads) {
            Map<String, String> row = byThreads.get(t);
            cells.add(row == null ? "-" : String.format(Locale.ROOT, "%s (%s / %s)",
                    fmt(num(row, "per_second")), fmt(num(row, "p50_us")), fmt(num(row, "p99_us"))));
        }
        cells.addAll(List.of("1", "1", "-"));
        return cells;
    }

    private static String scenario(int keys, int threads) {
        return (keys == 1 ? "1 key" : String.format(Locale.ROOT, "%,d keys", keys)) + ", " + threads
                + (threads == 1 ? " thread" : " threads");
    }

    // ---------------------------------------------------------------- family 2: Redis

    private void redis() throws IOException {
        Path file = results.resolve("redis.csv");
        Path ceilingFile = results.resolve("redis-ceiling.csv");
        if (!Files.exists(file) || !Files.exists(ceilingFile)) {
            sections.put("redis", NOT_MEASURED);
            unmeasured("Redis: one round trip per decision");
            unmeasured("Redis: at least 3x Bucket4j's decisions per second, hot key, 32 threads");
            unmeasured("Redis: at least 80 % of the redis-benchmark ceiling");
            return;
        }
        List<Map<String, String>> rows = Csv.read(file);
        Map<Integer, Map<String, String>> ceiling = new TreeMap<>();
        for (Map<String, String> row : Csv.read(ceilingFile)) {
            ceiling.put(Integer.parseInt(row.get("clients")), row);
        }
        // the Java client's ceiling: Jedis on the driver's pool and threads, EVALSHA of a script that does nothing
        Map<Integer, Map<String, String>> javaCeiling = new TreeMap<>();
        Path javaCeilingFile = results.resolve("redis-java-ceiling.csv");
        if (Files.exists(javaCeilingFile)) {
            for (Map<String, String> row : Csv.read(javaCeilingFile)) {
                javaCeiling.put(Integer.parseInt(row.get("threads")), row);
            }
        }
        List<Integer> threads = rows.stream().map(row -> Integer.parseInt(row.get("threads"))).distinct().sorted()
                .toList();
        List<String> contenders = rows.stream().map(row -> row.get("contender")).distinct().toList();
        Map<String, Map<String, String>> index = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            index.put(row.get("contender") + "|" + row.get("keys") + "|" + row.get("threads"), row);
        }

        StringBuilder text = new StringBuilder();
        List<BarChart.Panel> panels = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("contender", "keys"));
        threads.forEach(t -> header.add(t + (t == 1 ? " thread" : " threads") + ": decisions/s (p50 / p99 µs)"));
        header.add("round trips per decision");
        header.add("commands per decision (commandstats)");
        header.add("store failures");
        List<List<String>> table = new ArrayList<>();
        for (String keys : List.of("hot", "many")) {
            List<String> chartRows = new ArrayList<>(contenders);
            if (!javaCeiling.isEmpty()) {
                chartRows.add(JAVA_CEILING_CHART);
            }
            chartRows.add("redis-benchmark EVALSHA");
            double[][] values = new double[chartRows.size()][threads.size()];
            for (int c = 0; c < chartRows.size(); c++) {
                for (int t = 0; t < threads.size(); t++) {
                    Map<String, String> row = c < contenders.size()
                            ? index.get(contenders.get(c) + "|" + keys + "|" + threads.get(t))
                            : chartRows.get(c).equals(JAVA_CEILING_CHART) ? javaCeiling.get(threads.get(t))
                            : ceiling.get(threads.get(t));
                    values[c][t] = row == null ? Double.NaN : Double.parseDouble(row.get("per_second"));
                }
            }
            panels.add(new BarChart.Panel(keys.equals("hot") ? "One hot key" : "Many keys",
                    "decisions per second (longer is better)", chartRows,
                    threads.stream().map(t -> t + (t == 1 ? " client thread" : " client threads")).toList(),
                    values, null));
            for (String contender : contenders) {
                List<String> cells = new ArrayList<>(List.of(contender, keys));
                double maxTrips = 0;
                double maxCommands = 0;
                long failures = 0;
                for (int t : threads) {
                    Map<String, String> row = index.get(contender + "|" + keys + "|" + t);
                    if (row == null) {
                        cells.add("-");
                        continue;
                    }
                    cells.add(String.format(Locale.ROOT, "%s (%s / %s)", fmt(num(row, "per_second")),
                            fmt(num(row, "p50_us")), fmt(num(row, "p99_us"))));
                    maxTrips = Math.max(maxTrips, num(row, "round_trips_per_decision"));
                    maxCommands = Math.max(maxCommands, num(row, "commands_per_decision"));
                    failures += Long.parseLong(row.get("store_failures"));
                }
                cells.add("up to " + fmt(maxTrips));
                cells.add("up to " + fmt(maxCommands));
                cells.add(Long.toString(failures));
                table.add(cells);
            }
        }
        if (!javaCeiling.isEmpty()) {
            table.add(ceilingRow(JAVA_CEILING, javaCeiling, threads));
        }
        table.add(ceilingRow("redis-benchmark `EVALSHA` of `return 1`", ceiling, threads));
        text.append(Markdown.table(header, table));

        text.append("\nSluice ÷ Bucket4j, Sluice ÷ the redis-benchmark ceiling and Sluice ÷ the Java ceiling (Jedis "
                + "alone on the same pool and threads; decisions per second; above 1 means Sluice decides more):\n\n");
        List<String> ratioHeader = new ArrayList<>(List.of("Sluice algorithm", "keys"));
        threads.forEach(t -> ratioHeader.add(t + " ÷ Bucket4j"));
        threads.forEach(t -> ratioHeader.add(t + " ÷ ceiling"));
        threads.forEach(t -> ratioHeader.add(t + " ÷ Java ceiling"));
        List<List<String>> ratios = new ArrayList<>();
        double worstCeiling = Double.MAX_VALUE;
        String worstCeilingAt = "";
        double worstJava = Double.MAX_VALUE;
        String worstJavaAt = "";
        double maxTrips = 0;
        StringBuilder hotFigure = new StringBuilder();
        boolean hotMet = true;
        for (String contender : contenders) {
            if (!contender.startsWith("sluice-")) {
                continue;
            }
            for (String keys : List.of("hot", "many")) {
                List<String> cells = new ArrayList<>(List.of(contender, keys));
                List<String> ceilingCellsForRow = new ArrayList<>();
                List<String> javaCellsForRow = new ArrayList<>();
                for (int t : threads) {
                    Map<String, String> mine = index.get(contender + "|" + keys + "|" + t);
                    Map<String, String> theirs = index.get("bucket4j|" + keys + "|" + t);
                    Map<String, String> top = ceiling.get(t);
                    Map<String, String> java = javaCeiling.get(t);
                    if (mine == null) {
                        cells.add("-");
                        ceilingCellsForRow.add("-");
                        javaCellsForRow.add("-");
                        continue;
                    }
                    double javaShare = java == null ? Double.NaN : num(mine, "per_second") / num(java, "per_second");
                    javaCellsForRow.add(ratio(javaShare));
                    if (keys.equals("hot") && javaShare < worstJava) {
                        worstJava = javaShare;
                        worstJavaAt = contender + " at " + t + (t == 1 ? " thread" : " threads");
                    }
                    maxTrips = Math.max(maxTrips, num(mine, "round_trips_per_decision"));
                    double versus = theirs == null ? Double.NaN : num(mine, "per_second") / num(theirs, "per_second");
                    cells.add(ratio(versus));
                    double share = top == null ? Double.NaN : num(mine, "per_second") / num(top, "per_second");
                    ceilingCellsForRow.add(ratio(share));
                    if (keys.equals("hot") && share < worstCeiling) {
                        worstCeiling = share;
                        worstCeilingAt = contender + " at " + t + (t == 1 ? " thread" : " threads");
                    }
                    if (keys.equals("hot") && t == threads.get(threads.size() - 1)) {
                        hotMet &= versus >= 3;
                        hotFigure.append(String.format(Locale.ROOT, "%s %s; ", contender.substring(7),
                                ratio(versus)));
                    }
                }
                cells.addAll(ceilingCellsForRow);
                cells.addAll(javaCellsForRow);
                ratios.add(cells);
            }
        }
        text.append(Markdown.table(ratioHeader, ratios));
        text.append(serverTime(rows, contenders, threads, index, javaCeiling, ceiling));
        sections.put("redis", text.toString());
        BarChart.write(charts.resolve("redis.png"), "Redis: decisions per second, one local redis-server",
                panels);

        target("Redis: one round trip per decision", "Sluice: at most " + fmt(maxTrips)
                + " client commands per decision (MONITOR)", maxTrips <= 1.05);
        int most = threads.get(threads.size() - 1);
        target("Redis: at least 3x Bucket4j's decisions per second on a hot key at " + most + " threads",
                "Sluice ÷ Bucket4j: " + hotFigure.toString().strip(), hotMet);
        String javaFigure = javaCeiling.isEmpty() ? ""
                : "; of the Java ceiling (Jedis alone, same pool and threads): lowest " + ratio(worstJava) + " ("
                        + worstJavaAt + ")";
        target("Redis: at least 80 % of the redis-benchmark EVALSHA ceiling (hot key)",
                "lowest: " + ratio(worstCeiling) + " (" + worstCeilingAt + ")" + javaFigure, worstCeiling >= 0.8);
    }

    /**
     * The table of where each decision's time goes: the script's own time on the server ({@code usec_per_call}
     * of {@code EVALSHA}), the server's main-thread CPU time per decision (the script plus reading the command
     * and writing the reply), the driver's CPU time per decision (Sluice or Bucket4j and Jedis), and how busy
     * the server's one main thread was at the most threads; then which of them limits.
     */
    private static String serverTime(List<Map<String, String>> rows, List<String> contenders, List<Integer> threads,
            Map<String, Map<String, String>> index, Map<Integer, Map<String, String>> javaCeiling,
            Map<Integer, Map<String, String>> ceiling) {
        if (rows.isEmpty() || !rows.get(0).containsKey("server_cpu_us_per_decision")) {
            return "";
        }
        String counts = String.join(" / ", threads.stream().map(String::valueOf).toList());
        int most = threads.get(threads.size() - 1);
        List<String> header = List.of("contender", "keys", "script µs per call, " + counts + " threads",
                "server CPU µs per decision, " + counts, "driver CPU µs per decision, " + counts,
                "server main thread busy at " + most + " threads");
        List<List<String>> table = new ArrayList<>();
        double busiestSluice = 0;
        double idlestSluice = Double.MAX_VALUE;
        double sluiceScript = Double.MAX_VALUE;
        double sluiceScriptMost = 0;
        for (String keys : List.of("hot", "many")) {
            for (String contender : contenders) {
                List<Map<String, String>> points = threads.stream()
                        .map(t -> index.get(contender + "|" + keys + "|" + t)).toList();
                table.add(serverRow(contender, keys, points, "script_us_per_call", "server_cpu_us_per_decision",
                        "client_cpu_us_per_decision"));
                Map<String, String> top = points.get(points.size() - 1);
                if (contender.startsWith("sluice-") && top != null) {
                    double busy = busy(top, "server_cpu_us_per_decision");
                    busiestSluice = Math.max(busiestSluice, busy);
                    idlestSluice = Math.min(idlestSluice, busy);
                    for (Map<String, String> point : points) {
                        if (point != null) {
                            sluiceScript = Math.min(sluiceScript, numOrNaN(point, "script_us_per_call"));
                            sluiceScriptMost = Math.max(sluiceScriptMost, numOrNaN(point, "script_us_per_call"));
                        }
                    }
                }
            }
        }
        if (!javaCeiling.isEmpty()) {
            table.add(serverRow(JAVA_CEILING, "-", threads.stream().map(javaCeiling::get).toList(),
                    "script_us_per_call", "server_cpu_us_per_call", "client_cpu_us_per_call"));
        }
        List<Map<String, String>> benchmark = threads.stream().map(ceiling::get).toList();
        if (benchmark.stream().allMatch(row -> row != null && row.containsKey("server_cpu_us_per_call"))) {
            List<String> cells = serverRow("redis-benchmark `EVALSHA` of `return 1`", "-", benchmark,
                    "script_us_per_call", "server_cpu_us_per_call", "-");
            table.add(cells);
        }
        StringBuilder text = new StringBuilder();
        text.append("\nWhere the time goes (`INFO commandstats`: the script's own µs per run; `INFO cpu`: the "
                + "server's main-thread CPU time, which executes every command, per decision; the driver's CPU "
                + "time per decision, Jedis included; busy = decisions per second × server CPU per decision, "
                + "the share of one core the server's main thread used):\n\n");
        text.append(Markdown.table(header, table));
        Map<String, String> javaTop = javaCeiling.get(most);
        if (idlestSluice != Double.MAX_VALUE) {
            text.append(String.format(Locale.ROOT, "%nAt %d threads the server's main thread was busy %s to %s "
                    + "of the time under Sluice, whose script takes %s to %s µs per run", most,
                    pct(idlestSluice), pct(busiestSluice), fmt(sluiceScript), fmt(sluiceScriptMost)));
            if (javaTop != null) {
                text.append(String.format(Locale.ROOT, " against %s µs for a script that does nothing (the Java "
                        + "ceiling: %s server CPU µs per call, busy %s)", fmt(numOrNaN(javaTop, "script_us_per_call")),
                        fmt(numOrNaN(javaTop, "server_cpu_us_per_call")),
                        pct(busy(javaTop, "server_cpu_us_per_call"))));
            }
            text.append(".\n");
        }
        return text.toString();
    }

    private static List<String> serverRow(String name, String keys, List<Map<String, String>> points,
            String script, String server, String client) {
        List<String> cells = new ArrayList<>(List.of(name, keys));
        for (String column : List.of(script, server, client)) {
            List<String> figures = new ArrayList<>();
            for (Map<String, String> point : points) {
                figures.add(point == null ? "-" : fmt(numOrNaN(point, column)));
            }
            cells.add(String.join(" / ", figures));
        }
        Map<String, String> top = points.get(points.size() - 1);
        cells.add(top == null ? "-" : pct(busy(top, server)));
        return cells;
    }

    /** The share of one core the server's main thread used at a point: decisions per second × CPU per decision. */
    static double busy(Map<String, String> point, String cpuColumn) {
        return numOrNaN(point, "per_second") * numOrNaN(point, cpuColumn) / 1e6;
    }

    // ---------------------------------------------------------------- family 3: HTTP

    private void http() throws IOException {
        Path dir = results.resolve("http");
        if (!Files.isDirectory(dir)) {
            sections.put("http", NOT_MEASURED);
            unmeasured("HTTP: filter overhead at most 5 % of throughput");
            return;
        }
        Map<String, List<WrkOutput>> runs = new LinkedHashMap<>();
        HTTP_SERIES.forEach(series -> runs.put(series, new ArrayList<>()));
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(path -> path.getFileName().toString().matches("\\d+-[a-z-]+\\.txt")).sorted()
                    .toList();
        }
        StringBuilder csv = new StringBuilder("round,series,requests_per_second,p50_us,p75_us,p90_us,p99_us,"
                + "requests,failures,server_cpu_s,server_jit_cpu_s,server_cpu_us_per_request\n");
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".txt", "");
            String round = name.substring(0, name.indexOf('-'));
            String series = name.substring(name.indexOf('-') + 1);
            if (!runs.containsKey(series)) {
                continue;
            }
            WrkOutput output = WrkOutput.parse(Files.readString(file, StandardCharsets.UTF_8));
            runs.get(series).add(output);
            Map<String, Double> p = output.percentilesMicros();
            csv.append(String.format(Locale.ROOT, "%s,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%.2f,%.2f,%.2f%n", round,
                    series, output.requestsPerSecond(), p.get("50"), p.get("75"), p.get("90"), p.get("99"),
                    output.requests(), output.failures(), output.serverCpuSeconds(), output.serverJitCpuSeconds(),
                    output.serverCpuMicrosPerRequest()));
        }
        Files.writeString(results.resolve("http.csv"), csv.toString(), StandardCharsets.UTF_8);
        if (runs.values().stream().anyMatch(List::isEmpty)) {
            sections.put("http", NOT_MEASURED);
            unmeasured("HTTP: filter overhead at most 5 % of throughput");
            return;
        }

        List<List<String>> table = new ArrayList<>();
        Map<String, double[]> rates = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        int rounds = runs.values().stream().mapToInt(List::size).min().orElse(0);
        double[][] values = new double[HTTP_SERIES.size()][rounds];
        double[][] latencies = new double[HTTP_SERIES.size()][4];
        long failures = 0;
        for (int s = 0; s < HTTP_SERIES.size(); s++) {
            List<WrkOutput> list = runs.get(HTTP_SERIES.get(s));
            double[] rate = list.stream().mapToDouble(WrkOutput::requestsPerSecond).toArray();
            rates.put(HTTP_SERIES.get(s), rate);
            for (int r = 0; r < rounds; r++) {
                values[s][r] = rate[r];
            }
            List<String> cells = new ArrayList<>(List.of(describe(HTTP_SERIES.get(s))));
            double median = median(rate);
            cells.add(fmt(median));
            cells.add(fmt(Arrays.stream(rate).min().orElse(0)) + " – " + fmt(Arrays.stream(rate).max().orElse(0)));
            cells.add(pct(spread(rate) / median));
            int q = 0;
            for (String percentile : List.of("50", "75", "90", "99")) {
                double latency = median(list.stream().mapToDouble(o -> o.percentilesMicros().get(percentile))
                        .toArray());
                latencies[s][q++] = latency;
                cells.add(fmt(latency));
            }
            double[] micros = list.stream().mapToDouble(WrkOutput::serverCpuMicrosPerRequest).toArray();
            cpu.put(HTTP_SERIES.get(s), micros);
            cells.add(Arrays.stream(micros).anyMatch(Double::isNaN) ? "-" : fmt(median(micros)) + " ("
                    + fmt(Arrays.stream(micros).min().orElse(0)) + " – " + fmt(Arrays.stream(micros).max().orElse(0))
                    + ")");
            failures += list.stream().mapToLong(WrkOutput::failures).sum();
            table.add(cells);
        }
        StringBuilder text = new StringBuilder();
        text.append(Markdown.table(List.of("endpoint and server", "median req/s", "min – max req/s",
                "spread (max − min) ÷ median", "p50 µs", "p75 µs", "p90 µs", "p99 µs",
                "server CPU µs per request: median (min – max)"), table));
        text.append(String.format(Locale.ROOT, "%nRounds: %d of each, alternated. Responses other than 2xx and "
                + "socket errors: %d.%n%n", rounds, failures));
        double open = median(rates.get("open"));
        boolean met = true;
        boolean separable = true;
        StringBuilder figure = new StringBuilder();
        for (String series : List.of("limited-global", "limited")) {
            double limited = median(rates.get(series));
            double overhead = 1 - limited / open;
            double difference = Math.abs(open - limited);
            double spread = Math.max(spread(rates.get(series)), spread(rates.get("open")));
            text.append(String.format(Locale.ROOT, "- %s ÷ open: **%s** (overhead %s of throughput). ",
                    describe(series), ratio(limited / open), pct(overhead)));
            text.append(spread > difference
                    ? String.format(Locale.ROOT, "The spread between rounds (up to %s req/s) is larger than the "
                            + "difference of the medians (%s req/s): these runs cannot tell the two apart.",
                            fmt(spread), fmt(difference))
                    : String.format(Locale.ROOT, "The difference of the medians (%s req/s) is larger than the "
                            + "spread between rounds (up to %s req/s).", fmt(difference), fmt(spread)));
            met &= overhead <= 0.05;
            separable &= spread <= difference;
            figure.append(describe(series)).append(": ").append(pct(overhead));
            double cpuOpen = median(cpu.get("open"));
            double cpuLimited = median(cpu.get(series));
            if (!Double.isNaN(cpuOpen) && !Double.isNaN(cpuLimited)) {
                double cpuOverhead = 1 - cpuOpen / cpuLimited;
                double cpuDifference = Math.abs(cpuLimited - cpuOpen);
                double cpuSpread = Math.max(spread(cpu.get(series)), spread(cpu.get("open")));
                text.append(String.format(Locale.ROOT, " Server CPU per request: %s µs against %s µs, %s%s µs; "
                        + "on a saturated core that costs %s of throughput. ", fmt(cpuLimited), fmt(cpuOpen),
                        cpuLimited >= cpuOpen ? "+" : "−", fmt(cpuDifference), pct(cpuOverhead)));
                text.append(cpuSpread > cpuDifference
                        ? String.format(Locale.ROOT, "Its spread between rounds (up to %s µs) is larger than the "
                                + "difference.", fmt(cpuSpread))
                        : String.format(Locale.ROOT, "The difference is larger than its spread between rounds (up "
                                + "to %s µs).", fmt(cpuSpread)));
                figure.append(" (server CPU per request: ").append(pct(cpuOverhead)).append(")");
            }
            text.append(String.format(Locale.ROOT, "%n"));
            figure.append("; ");
        }
        sections.put("http", text.toString());
        List<String> roundNames = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            roundNames.add("round " + r);
        }
        List<String> rowNames = HTTP_SERIES.stream().map(Report::shortName).toList();
        BarChart.write(charts.resolve("http.png"), "HTTP on Payara Micro, wrk on loopback", List.of(
                new BarChart.Panel("Requests per second, each round", "requests per second (longer is better)",
                        rowNames, roundNames, values, null),
                new BarChart.Panel("Latency, median of the rounds", "microseconds (shorter is better)", rowNames,
                        List.of("p50", "p75", "p90", "p99"), latencies, null)));
        String status = met ? "**met**" : separable ? "**missed**"
                : "**missed by the medians**, but the spread between rounds is larger than the difference";
        target("HTTP: filter overhead at most 5 % of throughput", figure.toString().strip(), status);
    }

    private static String describe(String series) {
        return switch (series) {
            case "limited-global" -> "/api/bench/limited, global + bench limiters";
            case "limited" -> "/api/bench/limited, bench limiter only";
            default -> "/api/bench/open, no Sluice limiter";
        };
    }

    private static String shortName(String series) {
        return switch (series) {
            case "limited-global" -> "limited: global + bench";
            case "limited" -> "limited: bench only";
            default -> "open: no limiter";
        };
    }

    // ---------------------------------------------------------------- family 4: memory per key

    private void footprint() throws IOException {
        Path memoryFile = results.resolve("footprint.csv");
        Path redisFile = results.resolve("redis-memory.csv");
        if (!Files.exists(memoryFile) && !Files.exists(redisFile)) {
            sections.put("footprint", NOT_MEASURED);
            return;
        }
        Map<String, Double> memory = new LinkedHashMap<>();
        Map<String, Double> redis = new LinkedHashMap<>();
        String keyBytes = "-";
        String keys = "-";
        if (Files.exists(memoryFile)) {
            for (Map<String, String> row : Csv.read(memoryFile)) {
                memory.put(row.get("contender"), num(row, "bytes_per_key"));
                keyBytes = fmt(num(row, "key_string_bytes"));
                keys = String.format(Locale.ROOT, "%,d", Long.parseLong(row.get("keys")));
            }
        }
        String redisKeys = "-";
        if (Files.exists(redisFile)) {
            for (Map<String, String> row : Csv.read(redisFile)) {
                redis.put(row.get("contender"), num(row, "bytes_per_key"));
                redisKeys = String.format(Locale.ROOT, "%,d", Long.parseLong(row.get("keys")));
            }
        }
        List<List<String>> table = new ArrayList<>();
        double sluiceBucket = memory.getOrDefault("sluice-token-bucket", Double.NaN);
        for (String contender : memory.keySet()) {
            double bytes = memory.get(contender);
            String redisName = contender.startsWith("bucket4j") ? "bucket4j" : contender;
            Double redisBytes = redis.get(redisName);
            table.add(List.of(contender, fmt(bytes), ratio(sluiceBucket / bytes),
                    redisBytes == null ? "-" : fmt(redisBytes)));
        }
        StringBuilder text = new StringBuilder(Markdown.table(List.of("contender",
                "in memory, bytes per active key (JOL)", "Sluice token bucket ÷ this",
                "Redis `MEMORY USAGE` bytes per key"), table));
        text.append(String.format(Locale.ROOT, "%nIn memory: %s keys, each after one call under a limit of one "
                + "per hour (so every key is active); the key strings (%s bytes each here) are the caller's and "
                + "are not counted. Redis: %s keys per contender; `MEMORY USAGE` counts the key's name too "
                + "(Bucket4j's rows both use its one Jedis proxy manager).%n", keys, keyBytes, redisKeys));
        sections.put("footprint", text.toString());
        List<String> rows = new ArrayList<>(memory.keySet());
        double[][] values = new double[rows.size()][1];
        for (int r = 0; r < rows.size(); r++) {
            values[r][0] = memory.get(rows.get(r));
        }
        List<String> redisRows = new ArrayList<>(redis.keySet());
        double[][] redisValues = new double[redisRows.size()][1];
        for (int r = 0; r < redisRows.size(); r++) {
            redisValues[r][0] = redis.get(redisRows.get(r));
        }
        BarChart.write(charts.resolve("footprint.png"), "Memory per active key", List.of(
                new BarChart.Panel("In memory (JOL)", "bytes per key (shorter is better)", rows,
                        List.of("bytes per key, key string excluded"), values, null),
                new BarChart.Panel("Redis (MEMORY USAGE)", "bytes per key (shorter is better)", redisRows,
                        List.of("bytes per key, key name included"), redisValues, null)));
    }

    // ---------------------------------------------------------------- formatting

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /** A number of a column that older result files lack: not a number when the column or its value is missing. */
    static double numOrNaN(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null || value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double spread(double[] values) {
        return Arrays.stream(values).max().orElse(0) - Arrays.stream(values).min().orElse(0);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.2f×", value);
    }

    private static String pct(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f %%", value * 100);
    }
}
