package dev.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRedisTest {

    private static final String DOC = "# Benchmarks\n"
            + "<!-- generated:machine -->\n<!-- /generated:machine -->\n"
            + "<!-- generated:targets -->\n<!-- /generated:targets -->\n"
            + "<!-- generated:memory -->\n<!-- /generated:memory -->\n"
            + "<!-- generated:redis -->\n<!-- /generated:redis -->\n"
            + "<!-- generated:http -->\n<!-- /generated:http -->\n"
            + "<!-- generated:footprint -->\n<!-- /generated:footprint -->\n";
    private static final String REDIS_HEADER = "contender,keys,threads,decisions,seconds,per_second,p50_us,p99_us,"
            + "allowed_share,commands_per_decision,scripts_per_decision,round_trips_per_decision,store_failures";
    private static final String SERVER_COLUMNS = ",script_us_per_call,server_cpu_us_per_decision,"
            + "client_cpu_us_per_decision";

    @TempDir
    Path dir;

    @Test
    void busy_isDecisionsPerSecondTimesCpuPerDecision() {
        assertThat(Report.busy(Map.of("per_second", "40000", "server_cpu_us_per_decision", "20"),
                "server_cpu_us_per_decision")).isCloseTo(0.8, within(1e-9));
        assertThat(Report.busy(Map.of("per_second", "40000"), "server_cpu_us_per_decision")).isNaN();
    }

    @Test
    void numOrNaN_ofAMissingColumnOrValue_isNotANumber() {
        assertThat(Report.numOrNaN(Map.of("a", "1.5"), "a")).isEqualTo(1.5);
        assertThat(Report.numOrNaN(Map.of("a", ""), "a")).isNaN();
        assertThat(Report.numOrNaN(Map.of(), "a")).isNaN();
    }

    @Test
    void redis_reportsTheServerTimeAndBothCeilings() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("redis.csv"), REDIS_HEADER + SERVER_COLUMNS + "\n"
                + "sluice-token-bucket,hot,1,10000,1.0,10000.0,90.0,150.0,1.0,5.0,1.0,1.0,0,12.50,20.00,11.00\n"
                + "sluice-token-bucket,hot,8,40000,1.0,40000.0,190.0,350.0,1.0,5.0,1.0,1.0,0,14.00,22.00,10.00\n"
                + "sluice-token-bucket,many,1,10000,1.0,10000.0,90.0,150.0,1.0,5.0,1.0,1.0,0,12.00,19.00,11.00\n"
                + "sluice-token-bucket,many,8,38000,1.0,38000.0,190.0,350.0,1.0,5.0,1.0,1.0,0,13.00,21.00,10.00\n"
                + "bucket4j,hot,1,9000,1.0,9000.0,120.0,200.0,1.0,4.0,1.0,2.0,0,3.00,16.00,40.00\n"
                + "bucket4j,hot,8,10000,1.0,10000.0,450.0,3800.0,1.0,12.0,3.0,8.0,0,2.50,60.00,120.00\n"
                + "bucket4j,many,1,5000,1.0,5000.0,200.0,270.0,1.0,4.0,1.0,3.0,0,7.00,80.00,79.00\n"
                + "bucket4j,many,8,40000,1.0,40000.0,180.0,360.0,1.0,4.0,1.0,2.0,0,4.00,18.00,21.00\n",
                StandardCharsets.UTF_8);
        Files.writeString(results.resolve("redis-ceiling.csv"), "clients,requests,per_second,p50_us,p99_us,"
                + "script_us_per_call,server_cpu_us_per_call\n1,10000,16000.0,63.0,111.0,0.80,22.00\n"
                + "8,10000,130000.0,39.0,95.0,0.80,6.50\n", StandardCharsets.UTF_8);
        Files.writeString(results.resolve("redis-java-ceiling.csv"), "threads,calls,seconds,per_second,p50_us,"
                + "p99_us,script_us_per_call,server_cpu_us_per_call,client_cpu_us_per_call\n"
                + "1,14000,1.0,14000.0,68.0,120.0,0.80,25.00,25.00\n"
                + "8,100000,1.0,100000.0,77.0,200.0,0.75,7.00,9.50\n", StandardCharsets.UTF_8);

        String text = report(results);
        assertThat(text).contains("| Jedis `EVALSHA` of `return 1` (Java ceiling: same pool and threads) | - | "
                + "14,000 (68.0 / 120) | 100,000 (77.0 / 200) | 1 | 1 | - |");
        assertThat(text).contains("| Sluice algorithm | keys | 1 ÷ Bucket4j | 8 ÷ Bucket4j | 1 ÷ ceiling | "
                + "8 ÷ ceiling | 1 ÷ Java ceiling | 8 ÷ Java ceiling |");
        assertThat(text).contains("| sluice-token-bucket | hot | 1.11× | 4.00× | 0.63× | 0.31× | 0.71× | 0.40× |");
        assertThat(text).contains("| sluice-token-bucket | hot | 12.5 / 14.0 | 20.0 / 22.0 | 11.0 / 10.0 "
                + "| 88.0 % |");
        assertThat(text).contains("| bucket4j | many | 7.00 / 4.00 | 80.0 / 18.0 | 79.0 / 21.0 | 72.0 % |");
        assertThat(text).contains("| Jedis `EVALSHA` of `return 1` (Java ceiling: same pool and threads) | - "
                + "| 0.80 / 0.75 | 25.0 / 7.00 | 25.0 / 9.50 | 70.0 % |");
        assertThat(text).contains("| redis-benchmark `EVALSHA` of `return 1` | - | 0.80 / 0.80 | 22.0 / 6.50 "
                + "| - / - | 84.5 % |");
        assertThat(text).contains("At 8 threads the server's main thread was busy 79.8 % to 88.0 % of the time "
                + "under Sluice, whose script takes 12.0 to 14.0 µs per run against 0.75 µs for a script that "
                + "does nothing");
        assertThat(text).contains("of the Java ceiling (Jedis alone, same pool and threads): lowest 0.40× "
                + "(sluice-token-bucket at 8 threads)");
    }

    @Test
    void redis_ofResultsWithoutTheServerColumns_stillReports() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("redis.csv"), REDIS_HEADER + "\n"
                + "sluice-token-bucket,hot,1,10000,1.0,10000.0,90.0,150.0,1.0,5.0,1.0,1.0,0\n"
                + "bucket4j,hot,1,9000,1.0,9000.0,120.0,200.0,1.0,4.0,1.0,2.0,0\n", StandardCharsets.UTF_8);
        Files.writeString(results.resolve("redis-ceiling.csv"), "clients,requests,per_second,p50_us,p99_us\n"
                + "1,10000,16000.0,63.0,111.0\n", StandardCharsets.UTF_8);

        String text = report(results);
        assertThat(text).contains("| sluice-token-bucket | hot | 1.11× | 0.63× | - |")
                .doesNotContain("Where the time goes");
    }

    /** Runs the report over the results into a fresh copy of {@link #DOC}, and returns what it wrote. */
    private String report(Path results) throws IOException {
        Path doc = dir.resolve("BENCHMARKS.md");
        Files.writeString(doc, DOC, StandardCharsets.UTF_8);
        Report.main(new String[] {"--results", results.toString(), "--charts", dir.resolve("charts").toString(),
            "--doc", doc.toString()});
        return Files.readString(doc, StandardCharsets.UTF_8);
    }
}
