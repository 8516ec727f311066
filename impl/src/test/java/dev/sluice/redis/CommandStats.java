package dev.sluice.redis;

import java.util.HashMap;
import java.util.Map;

import redis.clients.jedis.Jedis;

/**
 * Reads what a Redis server counts of the commands it ran, through a connection of its own. Public for the tests
 * of the other modules.
 */
public final class CommandStats {

    private CommandStats() {
    }

    /** Sets every count of the server on this loopback port to zero ({@code CONFIG RESETSTAT}). */
    public static void reset(int port) {
        try (Jedis observer = new Jedis("127.0.0.1", port)) {
            observer.configResetStat();
        }
    }

    /** Returns the calls of each command since the counts were reset, from {@code INFO commandstats}. */
    public static Map<String, Long> calls(int port) {
        Map<String, Long> calls = new HashMap<>();
        try (Jedis observer = new Jedis("127.0.0.1", port)) {
            for (String line : observer.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                    long count = Long.parseLong(line.substring(line.indexOf("calls=") + "calls=".length(),
                            line.indexOf(',')));
                    if (count > 0) {
                        calls.put(command, count);
                    }
                }
            }
        }
        return calls;
    }
}
