package dev.sluice.bench.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import dev.sluice.Algorithm;
import dev.sluice.bench.Contender;
import dev.sluice.bench.Keys;
import dev.sluice.bench.Limit;
import dev.sluice.redis.RedisRateLimiter;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Drives one local redis-server with Sluice's Redis store (each algorithm) and Bucket4j's Jedis proxy manager, for
 * a fixed time per point: decisions per second and latency percentiles at each client thread count, on one hot
 * key and on many keys; commands per decision and the microseconds each script run takes on the server from
 * {@code INFO commandstats}; the server's main-thread CPU time per decision from {@code INFO cpu}, and this
 * process's; client round trips per decision from {@code MONITOR}, which tells a client's commands from those a
 * script runs; {@code MEMORY USAGE} per key; and two ceilings at the same concurrency, both running
 * {@code EVALSHA} of a script that does nothing: {@code redis-benchmark}, and Jedis on the same pool and driver
 * threads as Sluice's (the Java client's ceiling on this machine).
 *
 * <p>Usage: {@code RedisLoad --port P --out DIR [--seconds 2] [--threads 1,8,32] [--many-keys 10000]
 * [--only memory]}.
 */
public final class RedisLoad {

    private static final String HOT = "hot";
    private static final int SAMPLES_PER_THREAD = 1 << 19;
    private static final Pattern CLIENT_LINE =
            Pattern.compile("^\\+\\d+\\.\\d+ \\[\\d+ \\d+\\.\\d+\\.\\d+\\.\\d+:\\d+]");

    private final int port;
    private final Path out;
    private final double seconds;
    private final int[] threadCounts;
    private final int manyKeys;
    private final RedisClient client;
    private final Jedis admin;

    private RedisLoad(Map<String, String> options) {
        this.port = Integer.parseInt(required(options, "port"));
        this.out = Path.of(required(options, "out"));
        this.seconds = Double.parseDouble(options.getOrDefault("seconds", "2"));
        this.threadCounts = Arrays.stream(options.getOrDefault("threads", "1,8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        this.manyKeys = Integer.parseInt(options.getOrDefault("many-keys", "10000"));
        int most = Arrays.stream(threadCounts).max().orElse(1);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(most + 2);
        pool.setMaxIdle(most + 2);
        this.client = RedisClient.builder().hostAndPort("127.0.0.1", port).poolConfig(pool).build();
        this.admin = new Jedis("127.0.0.1", port);
    }

    /**
     * Runs every point and writes {@code redis.csv}, {@code redis-java-ceiling.csv}, {@code redis-ceiling.csv} and
     * {@code redis-memory.csv}.
     *
     * @param args the options
     * @throws Exception if Redis or redis-benchmark fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        RedisLoad load = new RedisLoad(options);
        try {
            Files.createDirectories(load.out);
            if (!"memory".equals(options.get("only"))) {
                load.runLoad();
                load.runJavaCeiling();
                load.runCeiling();
            }
            load.runMemory();
        } finally {
            load.client.close();
            load.admin.close();
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    /** One contender on Redis: its decision, and how many calls its store could not answer. */
    private interface RedisContender {
        boolean allow(String key);

        long failures();
    }

    private List<String> contenderNames() {
        List<String> names = new ArrayList<>(Contender.sluiceLabels());
        names.add("bucket4j");
        return names;
    }

    private RedisContender build(String name, Limit limit) {
        if (name.equals("bucket4j")) {
            ProxyManager<String> buckets = Bucket4jJedis.casBasedBuilder(client)
                    .keyMapper(Mapper.STRING)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                    .build();
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(bandwidth -> bandwidth.capacity(limit.permits())
                            .refillGreedy(limit.permits(), limit.period()))
                    .build();
            return new RedisContender() {
                @Override
                public boolean allow(String key) {
                    return buckets.getProxy(key, () -> configuration).tryConsume(1);
                }

                @Override
                public long failures() {
                    return 0;
                }
            };
        }
        Algorithm algorithm = Algorithm.valueOf(name.substring("sluice-".length())
                .replace('-', '_').toUpperCase(Locale.ROOT));
        RedisRateLimiter limiter = RedisRateLimiter.builder("bench", limit.spec(algorithm)).client(client).build();
        return new RedisContender() {
            @Override
            public boolean allow(String key) {
                return limiter.allow(key);
            }

            @Override
            public long failures() {
                return limiter.storeFailures();
            }
        };
    }

    private void runLoad() throws Exception {
        String[] many = Keys.of(manyKeys);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("redis.csv")))) {
            csv.println("contender,keys,threads,decisions,seconds,per_second,p50_us,p99_us,allowed_share,"
                    + "commands_per_decision,scripts_per_decision,round_trips_per_decision,store_failures,"
                    + "script_us_per_call,server_cpu_us_per_decision,client_cpu_us_per_decision");
            for (String name : contenderNames()) {
                admin.flushAll();
                RedisContender contender = build(name, Limit.ALLOWED);
                // warm up with the most threads, so that the pool holds every connection before anything is
                // counted (a new connection sends its own setup commands)
                drive(contender, many, Arrays.stream(threadCounts).max().orElse(1), Math.max(0.3, seconds / 2));
                for (String keys : List.of("hot", "many")) {
                    String[] ring = keys.equals("hot") ? new String[] {HOT} : many;
                    for (int threads : threadCounts) {
                        double roundTrips = roundTrips(contender, ring, threads);
                        long failuresBefore = contender.failures();
                        Measured measured = measure(contender, ring, threads);
                        Point point = measured.point;
                        long failures = contender.failures() - failuresBefore;
                        csv.printf(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.1f,%.1f,%.1f,%.4f,%.3f,%.3f,%.3f,%d,"
                                + "%.2f,%.2f,%.2f%n", name, keys, threads, point.decisions, point.seconds,
                                point.decisions / point.seconds,
                                point.percentileMicros(0.50), point.percentileMicros(0.99),
                                (double) point.allowed / point.decisions,
                                (double) measured.commands.calls() / point.decisions,
                                (double) measured.scripts.calls() / point.decisions, roundTrips, failures,
                                measured.scriptMicrosPerCall(), measured.serverCpuMicros / point.decisions,
                                measured.clientCpuMicros / point.decisions);
                        csv.flush();
                        System.out.printf(Locale.ROOT, "redis %-24s %-4s %2d threads: %9.0f/s p50 %6.1f us "
                                + "p99 %7.1f us, %.2f round trips, %.2f commands per decision, script %.2f us per "
                                + "call, server CPU %.2f us and client CPU %.2f us per decision%n", name, keys,
                                threads, point.decisions / point.seconds, point.percentileMicros(0.50),
                                point.percentileMicros(0.99), roundTrips,
                                (double) measured.commands.calls() / point.decisions,
                                measured.scriptMicrosPerCall(), measured.serverCpuMicros / point.decisions,
                                measured.clientCpuMicros / point.decisions);
                    }
                }
            }
        }
    }

    /**
     * Runs Jedis alone: the same pool and driver threads as Sluice's, each call an {@code EVALSHA} of a script
     * that does nothing, so that the decisions per second the Java client reaches on this machine are set apart
     * from what Sluice itself costs.
     */
    private void runJavaCeiling() throws Exception {
        String sha = admin.scriptLoad("return 1");
        RedisContender trivial = new RedisContender() {
            @Override
            public boolean allow(String key) {
                return client.evalsha(sha) != null;
            }

            @Override
            public long failures() {
                return 0;
            }
        };
        String[] ring = {HOT};
        drive(trivial, ring, Arrays.stream(threadCounts).max().orElse(1), Math.max(0.3, seconds / 2));
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("redis-java-ceiling.csv")))) {
            csv.println("threads,calls,seconds,per_second,p50_us,p99_us,script_us_per_call,server_cpu_us_per_call,"
                    + "client_cpu_us_per_call");
            for (int threads : threadCounts) {
                Measured measured = measure(trivial, ring, threads);
                Point point = measured.point;
                csv.printf(Locale.ROOT, "%d,%d,%.3f,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f%n", threads, point.decisions,
                        point.seconds, point.decisions / point.seconds, point.percentileMicros(0.50),
                        point.percentileMicros(0.99), measured.scriptMicrosPerCall(),
                        measured.serverCpuMicros / point.decisions, measured.clientCpuMicros / point.decisions);
                csv.flush();
                System.out.printf(Locale.ROOT, "Jedis EVALSHA 'return 1' %2d threads: %9.0f/s p50 %6.1f us, "
                        + "script %.2f us per call, server CPU %.2f us and client CPU %.2f us per call%n", threads,
                        point.decisions / point.seconds, point.percentileMicros(0.50), measured.scriptMicrosPerCall(),
                        measured.serverCpuMicros / point.decisions, measured.clientCpuMicros / point.decisions);
            }
        }
    }

    /** Drives one point, reading the server's figures and this process's CPU time before and after. */
    private Measured measure(RedisContender contender, String[] ring, int threads) throws InterruptedException {
        RedisInfo before = info();
        long clientCpuBefore = processCpuNanos();
        Point point = drive(contender, ring, threads, seconds);
        long clientCpuAfter = processCpuNanos();
        RedisInfo after = info();
        return new Measured(point, after.since(before, command -> !command.equals("info")),
                after.since(before, RedisInfo::isScript), after.cpuMicrosSince(before),
                (clientCpuAfter - clientCpuBefore) / 1e3);
    }

    /**
     * One point with the server's work during it: every command but {@code INFO}, the script runs alone, the
     * server's main thread's CPU time and this process's, in microseconds.
     */
    private record Measured(Point point, RedisInfo.Command commands, RedisInfo.Command scripts,
            double serverCpuMicros, double clientCpuMicros) {

        double scriptMicrosPerCall() {
            return scripts.calls() == 0 ? Double.NaN : (double) scripts.micros() / scripts.calls();
        }
    }

    private RedisInfo info() {
        return RedisInfo.parse(admin.info("commandstats") + "\n" + admin.info("cpu"));
    }

    /** This JVM's CPU time, every thread's, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Counts the commands clients send per decision during a short run under {@code MONITOR}, which prints a
     * client's commands with its address and a script's with {@code lua}.
     */
    private double roundTrips(RedisContender contender, String[] ring, int threads) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream output = socket.getOutputStream();
            output.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            output.flush();
            BufferedReader input = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (!"+OK".equals(input.readLine())) {
                throw new IOException("MONITOR was refused");
            }
            AtomicLong clientCommands = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = input.readLine()) != null) {
                        if (line.contains("monitor-end")) {
                            break;
                        }
                        if (CLIENT_LINE.matcher(line).find()) {
                            clientCommands.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // the socket closed
                } finally {
                    done.countDown();
                }
            });
            reader.start();
            Point point = drive(contender, ring, threads, Math.min(0.5, seconds / 2));
            admin.ping("monitor-end");
            done.await();
            return (double) clientCommands.get() / point.decisions;
        }
    }

    private Point drive(RedisContender contender, String[] ring, int threads, double runSeconds)
            throws InterruptedException {
        long[][] samples = new long[threads][SAMPLES_PER_THREAD];
        long[] counts = new long[threads];
        long[] allowed = new long[threads];
        CountDownLatch start = new CountDownLatch(1);
        long runNanos = (long) (runSeconds * 1e9);
        long[] deadline = new long[1];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long[] mine = samples[index];
                int next = index * (ring.length / threads + 1);
                long n = 0;
                long yes = 0;
                long end = deadline[0];
                while (true) {
                    long before = System.nanoTime();
                    if (before >= end) {
                        break;
                    }
                    String key = ring[next++ % ring.length];
                    if (contender.allow(key)) {
                        yes++;
                    }
                    long took = System.nanoTime() - before;
                    if (n < mine.length) {
                        mine[(int) n] = took;
                    }
                    n++;
                }
                counts[index] = n;
                allowed[index] = yes;
            });
            worker.start();
            workers.add(worker);
        }
        long began = System.nanoTime();
        deadline[0] = began + runNanos;
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double took = (System.nanoTime() - began) / 1e9;
        return new Point(samples, counts, allowed, took);
    }

    /** One measured point: every thread's latency samples and counts. */
    private static final class Point {
        private final long decisions;
        private final long allowed;
        private final double seconds;
        private final long[] sorted;

        Point(long[][] samples, long[] counts, long[] allowedCounts, double seconds) {
            this.decisions = Arrays.stream(counts).sum();
            this.allowed = Arrays.stream(allowedCounts).sum();
            this.seconds = seconds;
            int total = 0;
            for (int t = 0; t < samples.length; t++) {
                total += (int) Math.min(counts[t], samples[t].length);
            }
            long[] all = new long[total];
            int at = 0;
            for (int t = 0; t < samples.length; t++) {
                int n = (int) Math.min(counts[t], samples[t].length);
                System.arraycopy(samples[t], 0, all, at, n);
                at += n;
            }
            Arrays.sort(all);
            this.sorted = all;
        }

        double percentileMicros(double quantile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e3;
        }
    }

    /** Runs redis-benchmark with a trivial EVALSHA at each thread count. */
    private void runCeiling() throws IOException, InterruptedException {
        String sha = admin.scriptLoad("return 1");
        int requests = (int) Math.max(10_000, seconds * 40_000);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("redis-ceiling.csv")))) {
            csv.println("clients,requests,per_second,p50_us,p99_us,script_us_per_call,server_cpu_us_per_call");
            for (int threads : threadCounts) {
                RedisInfo before = info();
                Process process = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(port),
                        "-c", String.valueOf(threads), "-n", String.valueOf(requests), "--csv", "EVALSHA", sha, "0")
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IOException("redis-benchmark failed: " + output);
                }
                RedisInfo after = info();
                RedisInfo.Command scripts = after.since(before, RedisInfo::isScript);
                double scriptMicros = scripts.calls() == 0 ? Double.NaN : (double) scripts.micros() / scripts.calls();
                double cpuMicros = after.cpuMicrosSince(before) / requests;
                String[] row = null;
                for (String line : output.split("\n")) {
                    if (line.startsWith("\"EVALSHA")) {
                        row = line.replace("\"", "").split(",");
                    }
                }
                if (row == null) {
                    throw new IOException("no EVALSHA row in redis-benchmark's output: " + output);
                }
                // test, rps, avg, min, p50, p95, p99, max (milliseconds)
                csv.printf(Locale.ROOT, "%d,%d,%s,%.1f,%.1f,%.2f,%.2f%n", threads, requests, row[1],
                        Double.parseDouble(row[4]) * 1e3, Double.parseDouble(row[6]) * 1e3, scriptMicros, cpuMicros);
                System.out.printf(Locale.ROOT, "redis-benchmark EVALSHA %2d clients: %s/s, script %.2f us per call, "
                        + "server CPU %.2f us per call%n", threads, row[1], scriptMicros, cpuMicros);
            }
        }
    }

    /** Measures MEMORY USAGE per key: 1,000 keys, each holding the state of one admitted call. */
    private void runMemory() throws IOException {
        int count = 1000;
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("redis-memory.csv")))) {
            csv.println("contender,keys,bytes_per_key,key_name_length");
            for (String name : contenderNames()) {
                admin.flushAll();
                RedisContender contender = build(name, Limit.DENIED);
                for (int i = 0; i < count; i++) {
                    contender.allow("client-" + i);
                }
                long bytes = 0;
                long keys = 0;
                long nameLength = 0;
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = admin.scan(cursor, new ScanParams().count(500));
                    for (String key : page.getResult()) {
                        Long usage = admin.memoryUsage(key, 0);
                        bytes += usage == null ? 0 : usage;
                        nameLength += key.length();
                        keys++;
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
                if (keys != count) {
                    throw new IllegalStateException(name + " left " + keys + " keys for " + count + " clients");
                }
                csv.printf(Locale.ROOT, "%s,%d,%.1f,%.1f%n", name, keys, (double) bytes / keys,
                        (double) nameLength / keys);
                System.out.printf(Locale.ROOT, "redis MEMORY USAGE %-24s %.1f bytes per key%n", name,
                        (double) bytes / keys);
            }
            admin.flushAll();
        }
    }
}
