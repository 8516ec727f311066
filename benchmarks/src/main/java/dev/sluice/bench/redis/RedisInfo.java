package dev.sluice.bench.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code INFO commandstats cpu} reply says about a redis-server's work so far: each command's calls and
 * the microseconds spent in them ({@code cmdstat_<command>:calls=…,usec=…}; a script's {@code usec} includes the
 * commands it runs, which are counted under their own names as well), and the CPU time of its main thread, which
 * executes every command.
 *
 * @param commands each command's calls and microseconds, in the order of the reply
 * @param cpuMicros the CPU time (user and system) of the main thread, in microseconds, or of the whole process
 *     when the server does not report its main thread's (before Redis 7)
 */
public record RedisInfo(Map<String, Command> commands, double cpuMicros) {

    private static final Pattern COMMAND_STAT =
            Pattern.compile("(?m)^cmdstat_([a-z|_-]+):calls=(\\d+),usec=(\\d+)");
    private static final Pattern FIELD = Pattern.compile("(?m)^([a-z_]+):([0-9.]+)\\r?$");

    /**
     * One command's figures.
     *
     * @param calls how many times it ran
     * @param micros the microseconds spent running it
     */
    public record Command(long calls, long micros) {
    }

    /**
     * Parses the reply of {@code INFO commandstats cpu} (or of {@code INFO all}).
     *
     * @param reply the reply's text
     * @return the figures
     * @throws IllegalArgumentException if the reply holds no CPU figures
     */
    public static RedisInfo parse(String reply) {
        Map<String, Command> commands = new LinkedHashMap<>();
        Matcher command = COMMAND_STAT.matcher(reply);
        while (command.find()) {
            commands.put(command.group(1), new Command(Long.parseLong(command.group(2)),
                    Long.parseLong(command.group(3))));
        }
        Map<String, Double> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(reply);
        while (field.find()) {
            fields.put(field.group(1), Double.parseDouble(field.group(2)));
        }
        Double user = fields.get("used_cpu_user_main_thread");
        Double system = fields.get("used_cpu_sys_main_thread");
        if (user == null || system == null) {
            user = fields.get("used_cpu_user");
            system = fields.get("used_cpu_sys");
        }
        if (user == null || system == null) {
            throw new IllegalArgumentException("no used_cpu_user and used_cpu_sys in the reply");
        }
        return new RedisInfo(Map.copyOf(commands), (user + system) * 1e6);
    }

    /**
     * Returns how much the server did between an earlier reading and this one, over the commands counted.
     *
     * @param before the earlier reading
     * @param counted which commands to sum, by name
     * @return the calls and microseconds added since
     */
    public Command since(RedisInfo before, Predicate<String> counted) {
        long calls = 0;
        long micros = 0;
        for (Map.Entry<String, Command> entry : commands.entrySet()) {
            if (counted.test(entry.getKey())) {
                Command earlier = before.commands.getOrDefault(entry.getKey(), new Command(0, 0));
                calls += entry.getValue().calls - earlier.calls;
                micros += entry.getValue().micros - earlier.micros;
            }
        }
        return new Command(calls, micros);
    }

    /**
     * Returns the main thread's CPU time between an earlier reading and this one.
     *
     * @param before the earlier reading
     * @return microseconds
     */
    public double cpuMicrosSince(RedisInfo before) {
        return cpuMicros - before.cpuMicros;
    }

    /**
     * Whether a command is a script run: {@code EVAL}, {@code EVALSHA} or their read-only forms.
     *
     * @param command the command's name in {@code commandstats}
     * @return true for a script run
     */
    public static boolean isScript(String command) {
        return command.startsWith("eval");
    }
}
