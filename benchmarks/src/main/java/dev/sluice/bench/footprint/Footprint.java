package dev.sluice.bench.footprint;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.sluice.Decision;
import dev.sluice.bench.Contender;
import dev.sluice.bench.Limit;

import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the bytes each contender holds per active key: JOL's {@link GraphLayout} of the whole limiter (its key
 * table and everything it reaches) after one call on each of N keys, minus the same before, minus the key strings
 * themselves (which belong to the caller). Under a limit of one permit per hour, so that every key stays active.
 *
 * <p>Usage: {@code Footprint --out DIR [--keys 100000]}; writes {@code footprint.csv}, and
 * {@code decision.csv} with the size of one {@link Decision}.
 */
public final class Footprint {

    private Footprint() {
    }

    /**
     * Measures every contender.
     *
     * @param args {@code --out DIR} and optionally {@code --keys N}
     * @throws Exception if the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path out = null;
        int count = 100_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]);
                case "--keys" -> count = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("missing --out");
        }
        Files.createDirectories(out);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("decision.csv")))) {
            csv.println("class,instance_bytes");
            csv.printf(Locale.ROOT, "%s,%d%n", Decision.class.getName(),
                    ClassLayout.parseClass(Decision.class).instanceSize());
        }
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = "client-" + i;
        }
        GraphLayout keyLayout = GraphLayout.parseInstance((Object[]) keys);
        double keyBytes = (double) (keyLayout.totalSize() - GraphLayout.parseInstance(new Object[0]).totalSize()
                - (long) count * 4) / count;
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("footprint.csv")))) {
            csv.println("contender,keys,bytes_per_key,key_string_bytes");
            for (Contender contender : Contender.values()) {
                Contender.Decider decider = contender.build(Limit.DENIED);
                decider.allow("warm-up");
                long before = GraphLayout.parseInstance(decider).totalSize();
                for (String key : keys) {
                    decider.allow(key);
                }
                GraphLayout after = GraphLayout.parseInstance(decider, keys);
                double perKey = (double) (after.totalSize() - keyLayout.totalSize() - before) / count;
                csv.printf(Locale.ROOT, "%s,%d,%.1f,%.1f%n", contender.label(), count, perKey, keyBytes);
                System.out.printf(Locale.ROOT, "memory %-24s %7.1f bytes per key (key strings: %.1f more)%n",
                        contender.label(), perKey, keyBytes);
            }
        }
    }
}
