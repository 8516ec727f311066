package dev.sluice.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks one {@code @Throttled} usage against the settings, reporting each problem it finds. */
final class ThrottledCheck {

    private final SluiceSettings settings;
    private final String site;
    private final List<String> limiterNames;
    private final String key;
    private final long cost;
    private final String annotation;
    private final List<Problem> problems = new ArrayList<>();

    ThrottledCheck(SluiceSettings settings, String site, List<String> limiterNames, String key, long cost) {
        this.settings = settings;
        this.site = site;
        this.limiterNames = List.copyOf(limiterNames);
        this.key = key;
        this.cost = cost;
        this.annotation = annotationText(limiterNames, key, cost);
    }

    /** Returns every problem of the usage, in a fixed order: limiters, key, cost. */
    List<Problem> check() {
        List<LimiterSettings> limiters = limiters(limiterNames);
        checkKey();
        checkCost(limiters);
        return List.copyOf(problems);
    }

    private List<LimiterSettings> limiters(List<String> names) {
        if (names.isEmpty()) {
            return defaultLimiter();
        }
        List<LimiterSettings> limiters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                report(ConfigProblem.THROTTLED_DUPLICATE_LIMITER, "names limiter '" + name + "' more than once",
                        "each limiter once");
                continue;
            }
            Optional<LimiterSettings> limiter = settings.limiter(name);
            if (limiter.isEmpty()) {
                report(ConfigProblem.THROTTLED_UNKNOWN_LIMITER, "no limiter named '" + name + "' is configured",
                        configuredNames());
            }
            limiter.ifPresent(limiters::add);
        }
        return limiters;
    }

    private List<LimiterSettings> defaultLimiter() {
        Optional<String> name = settings.defaultLimiter();
        if (name.isEmpty()) {
            report(ConfigProblem.THROTTLED_NO_DEFAULT_LIMITER,
                    "a bare @Throttled needs sluice.default-limiter, which is not set",
                    "set sluice.default-limiter, or name limiters: " + configuredNames());
            return List.of();
        }
        return settings.limiter(name.get()).map(List::of).orElse(List.of());
    }

    private void checkKey() {
        if (!key.isEmpty() && !settings.keySpecValidator().isValid(key.strip())) {
            report(ConfigProblem.THROTTLED_INVALID_KEY, "key '" + key + "' is not a usable key resolver specification",
                    "empty (the limiter's own key), or " + settings.keySpecValidator().allowed());
        }
    }

    private void checkCost(List<LimiterSettings> limiters) {
        if (cost < 1) {
            report(ConfigProblem.THROTTLED_COST_OUT_OF_RANGE, "cost " + cost + " is below 1", costRange(limiters));
            return;
        }
        for (LimiterSettings limiter : limiters) {
            long max = limiter.spec().maxPermits();
            if (cost > max) {
                report(ConfigProblem.THROTTLED_COST_OUT_OF_RANGE, "cost " + cost + " is more than limiter '"
                        + limiter.name() + "' (" + limiter.spec() + ") can ever admit at once: " + max,
                        costRange(limiters));
            }
        }
    }

    private static String costRange(List<LimiterSettings> limiters) {
        long max = limiters.stream().mapToLong(limiter -> limiter.spec().maxPermits()).min().orElse(Long.MAX_VALUE);
        return max == Long.MAX_VALUE ? "at least 1" : "from 1 to " + max;
    }

    private String configuredNames() {
        Set<String> names = settings.limiters().keySet();
        return names.isEmpty() ? "the name of a configured limiter, but none is configured"
                : "one of the configured limiters: " + String.join(", ", names);
    }

    private void report(ConfigProblem kind, String detail, String allowed) {
        problems.add(new Problem(kind, site, annotation, detail, allowed));
    }

    /** Writes the annotation as in source, with only the members that differ from their defaults. */
    static String annotationText(List<String> limiterNames, String key, long cost) {
        String names = limiterNames.size() == 1 ? quote(limiterNames.get(0))
                : limiterNames.stream().map(ThrottledCheck::quote).collect(Collectors.joining(", ", "{", "}"));
        List<String> members = new ArrayList<>();
        if (!limiterNames.isEmpty()) {
            members.add(key.isEmpty() && cost == 1 ? names : "value = " + names);
        }
        if (!key.isEmpty()) {
            members.add("key = " + quote(key));
        }
        if (cost != 1) {
            members.add("cost = " + cost);
        }
        return members.isEmpty() ? "@Throttled" : "@Throttled(" + String.join(", ", members) + ")";
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
