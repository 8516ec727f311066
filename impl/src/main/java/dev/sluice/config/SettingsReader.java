package dev.sluice.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.sluice.Algorithm;
import dev.sluice.HeaderStyle;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

/**
 * Reads {@link SluiceSettings} from a {@link PropertySource}, collecting every problem before failing once.
 * Not thread-safe; one reader reads once.
 */
final class SettingsReader {

    /*
     * Limiter names come from the property names: "sluice.limiters.<name>.<key>" names a limiter outright. An
     * environment variable SLUICE_LIMITERS_<NAME>_<KEY>, listed as such by MicroProfile Config, names one too,
     * with its name in lower case, unless a dotted name already maps to the same variable name (so that
     * "search-api" in a properties file and SLUICE_LIMITERS_SEARCH_API_LIMIT are one limiter). Every value is then
     * looked up by its dotted key, which MicroProfile Config maps to the environment variable by itself.
     *
     * Some implementations (Open Liberty's) list an environment variable under a lower-case dotted name instead:
     * SLUICE_LIMITERS_SEARCH_API_ON_MISSING_KEY as "sluice.limiters.search.api.on.missing.key", which cannot be
     * split into a limiter and a key. A listed name that is not a known key, and whose value is the very value
     * of the known key its variable name stands for, is read as that variable; anything else stays an unknown
     * key, so a misspelt key in a properties file is still reported.
     */

    static final String LIMITERS = "sluice.limiters.";
    static final String DEFAULT_LIMITER = "sluice.default-limiter";
    static final String GLOBAL_LIMITER = "sluice.global-limiter";
    static final String REDIS_URI = "sluice.redis.uri";
    static final String SENTINEL_MASTER = "sluice.redis.sentinel.master";
    static final String SENTINEL_NODES = "sluice.redis.sentinel.nodes";
    static final String CLUSTER_NODES = "sluice.redis.cluster.nodes";
    static final String POOL_MAX_TOTAL = "sluice.redis.pool.max-total";
    static final String CONNECT_TIMEOUT = "sluice.redis.connect-timeout";
    static final String TIMEOUT = "sluice.redis.timeout";
    static final String RETRY_AFTER_FAILURE = "sluice.redis.retry-after-failure";
    static final String TRUSTED_PROXIES = "sluice.http.trusted-proxies";
    static final String HEADERS = "sluice.http.headers";
    static final String MAX_KEYS = "sluice.memory.max-keys";

    /** Every key outside {@code sluice.limiters.}, in the order of {@code DESIGN.md}. */
    static final List<String> GLOBAL_KEYS = List.of(DEFAULT_LIMITER, GLOBAL_LIMITER, REDIS_URI, SENTINEL_MASTER,
            SENTINEL_NODES, CLUSTER_NODES, POOL_MAX_TOTAL, CONNECT_TIMEOUT, TIMEOUT, RETRY_AFTER_FAILURE,
            TRUSTED_PROXIES, HEADERS, MAX_KEYS);

    static final String ALGORITHM = "algorithm";
    static final String LIMIT = "limit";
    static final String PERIOD = "period";
    static final String CAPACITY = "capacity";
    static final String STORE = "store";
    static final String KEY = "key";
    static final String ON_STORE_FAILURE = "on-store-failure";
    static final String ON_MISSING_KEY = "on-missing-key";
    static final String MAX_DELAY = "max-delay";

    /** Every key under {@code sluice.limiters.<name>.}. */
    static final List<String> LIMITER_KEYS = List.of(ALGORITHM, LIMIT, PERIOD, CAPACITY, STORE, KEY,
            ON_STORE_FAILURE, ON_MISSING_KEY, MAX_DELAY);

    private static final String ENV_LIMITERS = "SLUICE_LIMITERS_";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z0-9_]+");
    private static final Pattern ENV_LIMITER_KEY = Pattern.compile("(.+?)_(" + LIMITER_KEYS.stream()
            .map(SettingsReader::environmentForm).collect(Collectors.joining("|")) + ")");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

    private static final Choice<Algorithm> ALGORITHMS = new Choice<>(ConfigProblem.UNKNOWN_ALGORITHM,
            "an algorithm", Algorithm.values(), Algorithm::configName);
    private static final Choice<Store> STORES = new Choice<>(ConfigProblem.UNKNOWN_STORE,
            "a store", Store.values(), Store::configName);
    private static final Choice<StoreFailurePolicy> STORE_FAILURE_POLICIES = new Choice<>(
            ConfigProblem.UNKNOWN_POLICY, "a store failure policy", StoreFailurePolicy.values(),
            StoreFailurePolicy::configName);
    private static final Choice<MissingKeyPolicy> MISSING_KEY_POLICIES = new Choice<>(ConfigProblem.UNKNOWN_POLICY,
            "a missing key policy", MissingKeyPolicy.values(), MissingKeyPolicy::configName);
    private static final Choice<HeaderStyle> HEADER_STYLES = new Choice<>(ConfigProblem.UNKNOWN_HEADER_STYLE,
            "a header style", HeaderStyle.values(), HeaderStyle::configName);

    private static final String LIMIT_RANGE = "a whole number from 1 to " + Rate.MAX_LIMIT;
    private static final String PERIOD_RANGE = "from 1ms to 366d (P366D), a whole number of milliseconds, as "
            + DurationText.SYNTAX;
    private static final String MAX_DELAY_RANGE = "from 0ms to " + LimitSpec.MAX_REFILL.toDays() + "d, as "
            + DurationText.SYNTAX;
    private static final String REDIS_DURATION_RANGE = "from 1ms to 1d, a whole number of milliseconds, as "
            + DurationText.SYNTAX;
    private static final String HOST_LIST = "host:port entries separated by commas, such as "
            + "redis-1:26379,redis-2:26379 or [2001:db8::1]:6379";
    private static final String CIDR_LIST = "IPv4 or IPv6 addresses or CIDR blocks separated by commas, such as "
            + "10.0.0.0/8, 2001:db8::/32, 203.0.113.7";
    private static final String REDIS_URI_FORM = "redis://[user:password@]host[:port][/database] or rediss://"
            + "..., such as " + RedisSettings.DEFAULT_URI;

    private final PropertySource source;
    private final KeySpecValidator keys;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> unreadable = new HashSet<>();

    SettingsReader(PropertySource source, KeySpecValidator keys) {
        this.source = source;
        this.keys = keys;
    }

    /** Reads every setting, or throws {@link ConfigurationException} listing every problem found. */
    SluiceSettings read() {
        Set<String> names = new TreeSet<>();
        source.names().forEach(names::add);
        names.removeAll(environmentAliases(names));
        Set<String> limiterNames = limiterNames(names);
        reportUnknownGlobalKeys(names);

        Map<String, LimiterSettings> limiters = new LinkedHashMap<>();
        limiterNames.forEach(name -> readLimiter(name).ifPresent(limiter -> limiters.put(name, limiter)));
        String defaultLimiter = reference(DEFAULT_LIMITER, limiterNames);
        String globalLimiter = reference(GLOBAL_LIMITER, limiterNames);
        HttpSettings http = readHttp();
        MemorySettings memory = readMemory();
        RedisSettings redis = readRedis();

        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new SluiceSettings(limiters, defaultLimiter, globalLimiter, http, memory, redis, keys);
    }

    // Discovering limiters and unknown keys

    private Set<String> limiterNames(Set<String> names) {
        Map<String, String> dotted = new TreeMap<>();
        Set<String> environment = new TreeSet<>();
        for (String property : names) {
            Optional<String> variable = listedVariable(property);
            if (variable.isPresent()) {
                environmentLimiterKey(variable.get(), environment);
            } else if (property.startsWith(LIMITERS)) {
                dottedLimiterKey(property, dotted);
            } else if (property.startsWith(ENV_LIMITERS) && ENV_NAME.matcher(property).matches()) {
                environmentLimiterKey(property, environment);
            }
        }

        Set<String> valid = new TreeSet<>();
        dotted.forEach((name, property) -> {
            if (LimiterSettings.isValidName(name)) {
                valid.add(name);
            } else {
                report(ConfigProblem.INVALID_LIMITER_NAME, property, value(property).orElse(""),
                        "limiter name '" + name + "' " + (name.isEmpty() ? "is empty" : "has other characters"),
                        "ASCII letters, digits, '-' and '_', since the name appears in response headers");
            }
        });
        Set<String> dottedForms = dotted.keySet().stream().map(SettingsReader::environmentForm)
                .collect(Collectors.toSet());
        environment.stream().filter(form -> !dottedForms.contains(form))
                .forEach(form -> valid.add(form.toLowerCase(Locale.ROOT)));
        return valid;
    }

    /**
     * Returns the second names under which SmallRye Config (WildFly, Quarkus) lists Sluice's
     * environment variables: the variable's name in lower case with every '_' a '.', so that
     * SLUICE_LIMITERS_SEARCH_ON_STORE_FAILURE is also listed as sluice.limiters.search.on.store.failure, which would
     * read as an unknown key (and SLUICE_LIMITERS_SEARCH_API_LIMIT as a limiter "search" with a key "api.limit").
     * The variable itself is read under its own name; its alias is left out when the variable names a limiter key
     * or a known global key, and kept (to be reported as unknown, with a suggestion) otherwise.
     */
    private static Set<String> environmentAliases(Set<String> names) {
        Set<String> globalForms = GLOBAL_KEYS.stream().map(SettingsReader::environmentForm)
                .collect(Collectors.toSet());
        return names.stream()
                .filter(name -> ENV_NAME.matcher(name).matches())
                .filter(name -> name.startsWith(ENV_LIMITERS) || globalForms.contains(name))
                .map(name -> name.toLowerCase(Locale.ROOT).replace('_', '.'))
                .collect(Collectors.toSet());
    }

    private void dottedLimiterKey(String property, Map<String, String> limiters) {
        String rest = property.substring(LIMITERS.length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            report(ConfigProblem.UNKNOWN_KEY, property, value(property).orElse(""),
                    "not a limiter key: the key after the limiter's name is missing",
                    LIMITERS + "<name>.<key>, with <key> one of " + String.join(", ", LIMITER_KEYS));
            return;
        }
        String name = rest.substring(0, dot);
        String key = rest.substring(dot + 1);
        limiters.putIfAbsent(name, property);
        if (!LIMITER_KEYS.contains(key)) {
            report(ConfigProblem.UNKNOWN_KEY, property, value(property).orElse(""),
                    "unknown limiter key '" + key + "'" + suggestion(key, LIMITER_KEYS),
                    String.join(", ", LIMITER_KEYS));
        }
    }

    private void environmentLimiterKey(String property, Set<String> limiters) {
        Matcher matcher = ENV_LIMITER_KEY.matcher(property.substring(ENV_LIMITERS.length()));
        if (matcher.matches()) {
            limiters.add(matcher.group(1));
            return;
        }
        report(ConfigProblem.UNKNOWN_KEY, property, value(property).orElse(""),
                "unknown limiter key: the variable does not end in one of the limiter keys",
                ENV_LIMITERS + "<NAME>_<KEY>, with <KEY> one of " + LIMITER_KEYS.stream()
                        .map(SettingsReader::environmentForm).collect(Collectors.joining(", ")));
    }

    /**
     * Returns the environment variable name of a limiter property listed in lower-case dotted form, such as
     * SLUICE_LIMITERS_SEARCH_API_LIMIT for "sluice.limiters.search.api.limit", when the name is not a limiter
     * key as written and the limiter key its variable stands for has the same value; otherwise empty.
     */
    private Optional<String> listedVariable(String property) {
        if (!property.startsWith(LIMITERS) || isDottedLimiterKey(property)
                || !property.equals(property.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String variable = environmentForm(property);
        Matcher matcher = ENV_LIMITER_KEY.matcher(variable.substring(ENV_LIMITERS.length()));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String key = LIMITER_KEYS.stream().filter(known -> environmentForm(known).equals(matcher.group(2)))
                .findFirst().orElseThrow();
        String stands = LIMITERS + matcher.group(1).toLowerCase(Locale.ROOT) + "." + key;
        Optional<String> value = value(property);
        return value.isPresent() && value.equals(value(stands)) ? Optional.of(variable) : Optional.empty();
    }

    /** Returns whether a name is "sluice.limiters.<name>.<key>" with a known key. */
    private static boolean isDottedLimiterKey(String property) {
        String rest = property.substring(LIMITERS.length());
        int dot = rest.indexOf('.');
        return dot >= 0 && LIMITER_KEYS.contains(rest.substring(dot + 1));
    }

    private void reportUnknownGlobalKeys(Set<String> names) {
        names.stream()
                .filter(name -> name.startsWith("sluice.") && !name.startsWith(LIMITERS))
                .filter(name -> !GLOBAL_KEYS.contains(name))
                .filter(name -> !isListedGlobalVariable(name))
                .forEach(this::reportUnknownGlobalKey);
    }

    /**
     * Returns whether a name is a global key's environment variable listed in lower-case dotted form, such as
     * "sluice.http.trusted.proxies" for SLUICE_HTTP_TRUSTED_PROXIES, with the key's own value.
     */
    private boolean isListedGlobalVariable(String name) {
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            return false;
        }
        Optional<String> value = value(name);
        return value.isPresent() && GLOBAL_KEYS.stream()
                .filter(key -> environmentForm(key).equals(environmentForm(name)))
                .anyMatch(key -> value.equals(value(key)));
    }

    private void reportUnknownGlobalKey(String property) {
        int section = property.indexOf('.', "sluice.".length());
        String prefix = section < 0 ? "" : property.substring(0, section + 1);
        List<String> candidates = GLOBAL_KEYS.stream().filter(key -> key.startsWith(prefix) && !prefix.isEmpty())
                .collect(Collectors.toList());
        List<String> allowed = candidates.isEmpty()
                ? Stream.concat(GLOBAL_KEYS.stream(), Stream.of(LIMITERS + "<name>.<key>")).collect(Collectors.toList())
                : candidates;
        report(ConfigProblem.UNKNOWN_KEY, property, value(property).orElse(""),
                "unknown key" + suggestion(property, GLOBAL_KEYS), String.join(", ", allowed));
    }

    /** Returns the name MicroProfile Config maps a key to among environment variables: SLUICE_LIMITERS_A_B. */
    static String environmentForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Returns "; did you mean 'x'?" for the closest known key within two edits, or nothing. */
    private static String suggestion(String key, Collection<String> known) {
        @Nullable String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // One limiter

    private Optional<LimiterSettings> readLimiter(String name) {
        int before = problems.size();
        Optional<Algorithm> algorithm = choose(key(name, ALGORITHM), Algorithm.TOKEN_BUCKET, ALGORITHMS);
        Optional<Long> limit = required(key(name, LIMIT), LIMIT_RANGE).flatMap(raw -> limit(key(name, LIMIT), raw));
        Optional<Duration> period = required(key(name, PERIOD), PERIOD_RANGE)
                .flatMap(raw -> period(key(name, PERIOD), raw));
        Optional<Long> capacity = value(key(name, CAPACITY)).flatMap(raw -> capacity(name, raw, algorithm));
        Optional<LimitSpec> spec = problems.size() > before ? checkCapacityAlone(name, capacity)
                : spec(name, algorithm.orElseThrow(), Rate.of(limit.orElseThrow(), period.orElseThrow()), capacity);
        Optional<Store> store = choose(key(name, STORE), Store.MEMORY, STORES);
        Optional<String> key = keySpecification(key(name, KEY));
        Optional<StoreFailurePolicy> onStoreFailure = choose(key(name, ON_STORE_FAILURE), StoreFailurePolicy.ALLOW,
                STORE_FAILURE_POLICIES);
        Optional<MissingKeyPolicy> onMissingKey = choose(key(name, ON_MISSING_KEY), MissingKeyPolicy.ANONYMOUS,
                MISSING_KEY_POLICIES);
        Optional<Duration> maxDelay = maxDelay(name, algorithm, spec);

        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new LimiterSettings(name, spec.orElseThrow(), store.orElseThrow(), key.orElseThrow(),
                onStoreFailure.orElseThrow(), onMissingKey.orElseThrow(), maxDelay.orElseThrow()));
    }

    private static String key(String name, String key) {
        return LIMITERS + name + "." + key;
    }

    private Optional<Long> limit(String key, String raw) {
        return integer(key, raw, LIMIT_RANGE).filter(limit -> {
            try {
                Rate.of(limit, Rate.MIN_PERIOD);
                return true;
            } catch (IllegalArgumentException e) {
                report(ConfigProblem.NUMBER_OUT_OF_RANGE, key, raw, e.getMessage(), LIMIT_RANGE);
                return false;
            }
        });
    }

    private Optional<Duration> period(String key, String raw) {
        return duration(key, raw, PERIOD_RANGE).filter(period -> {
            try {
                Rate.of(1, period);
                return true;
            } catch (IllegalArgumentException e) {
                report(ConfigProblem.DURATION_OUT_OF_RANGE, key, raw, e.getMessage(), PERIOD_RANGE);
                return false;
            }
        });
    }

    private Optional<Long> capacity(String name, String raw, Optional<Algorithm> algorithm) {
        String key = key(name, CAPACITY);
        if (algorithm.isPresent() && !algorithm.get().hasCapacity()) {
            report(ConfigProblem.NOT_FOR_ALGORITHM, key, raw, "capacity applies to token-bucket and leaky-bucket "
                    + "only, not to " + algorithm.get().configName() + ", whose capacity is its limit",
                    "no capacity for a window algorithm; for a burst, use token-bucket or leaky-bucket");
            return Optional.empty();
        }
        return integer(key, raw, LIMIT_RANGE);
    }

    private Optional<LimitSpec> spec(String name, Algorithm algorithm, Rate rate, Optional<Long> capacity) {
        try {
            return Optional.of(new LimitSpec(algorithm, rate, capacity.orElse(rate.limit())));
        } catch (IllegalArgumentException e) {
            String key = key(name, CAPACITY);
            report(ConfigProblem.NUMBER_OUT_OF_RANGE, key, value(key).orElse(""), e.getMessage(),
                    LIMIT_RANGE + ", such that capacity · period / limit is at most "
                    + LimitSpec.MAX_REFILL.toDays() + " days");
            return Optional.empty();
        }
    }

    /** Reports a capacity out of range when another part is too broken to build a spec; returns no spec. */
    private Optional<LimitSpec> checkCapacityAlone(String name, Optional<Long> capacity) {
        if (capacity.isPresent() && (capacity.get() < 1 || capacity.get() > Rate.MAX_LIMIT)) {
            String key = key(name, CAPACITY);
            report(ConfigProblem.NUMBER_OUT_OF_RANGE, key, value(key).orElse(""),
                    "capacity must be between 1 and " + Rate.MAX_LIMIT + " permits, but was " + capacity.get(),
                    LIMIT_RANGE);
        }
        return Optional.empty();
    }

    private Optional<String> keySpecification(String key) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return Optional.of(LimiterSettings.DEFAULT_KEY);
        }
        if (!keys.isValid(raw.get())) {
            report(ConfigProblem.INVALID_KEY_RESOLVER, key, raw.get(),
                    "'" + raw.get() + "' is not a usable key resolver specification", keys.allowed());
            return Optional.empty();
        }
        return raw;
    }

    private Optional<Duration> maxDelay(String name, Optional<Algorithm> algorithm, Optional<LimitSpec> spec) {
        String key = key(name, MAX_DELAY);
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return spec.map(LimiterSettings::defaultMaxDelay);
        }
        if (algorithm.isPresent() && algorithm.get() != Algorithm.LEAKY_BUCKET) {
            report(ConfigProblem.NOT_FOR_ALGORITHM, key, raw.get(), "max-delay applies to leaky-bucket only, not to "
                    + algorithm.get().configName() + ", which never makes a request wait",
                    "no max-delay, or algorithm leaky-bucket");
            return Optional.empty();
        }
        return durationIn(key, raw.get(), Duration.ZERO, LimitSpec.MAX_REFILL, false, MAX_DELAY_RANGE);
    }

    // Settings outside the limiters

    private @Nullable String reference(String key, Set<String> limiterNames) {
        Optional<String> raw = value(key);
        if (raw.isPresent() && !limiterNames.contains(raw.get())) {
            report(ConfigProblem.UNKNOWN_LIMITER, key, raw.get(), "no limiter named '" + raw.get() + "' is configured",
                    limiterNames.isEmpty() ? "the name of a configured limiter, but none is: configure "
                            + LIMITERS + "<name>.limit and .period"
                            : "the name of a configured limiter: " + String.join(", ", limiterNames));
        }
        return raw.orElse(null);
    }

    private HttpSettings readHttp() {
        List<CidrBlock> proxies = new ArrayList<>();
        value(TRUSTED_PROXIES).ifPresent(raw -> list(raw).forEach(entry -> {
            try {
                proxies.add(CidrBlock.parse(entry));
            } catch (IllegalArgumentException e) {
                report(ConfigProblem.INVALID_CIDR, TRUSTED_PROXIES, raw,
                        entry.isEmpty() ? "an entry is empty" : e.getMessage(), CIDR_LIST);
            }
        }));
        Optional<HeaderStyle> headers = choose(HEADERS, HeaderStyle.BOTH, HEADER_STYLES);
        return new HttpSettings(proxies, headers.orElse(HeaderStyle.BOTH));
    }

    private MemorySettings readMemory() {
        String allowed = "a whole number from 1 to " + Long.MAX_VALUE;
        Optional<Long> maxKeys = value(MAX_KEYS).flatMap(raw -> integerIn(MAX_KEYS, raw, 1, Long.MAX_VALUE, allowed));
        return maxKeys.map(MemorySettings::new).orElse(MemorySettings.DEFAULTS);
    }

    private RedisSettings readRedis() {
        URI uri = value(REDIS_URI).flatMap(this::redisUri).orElse(RedisSettings.DEFAULT_URI);
        Optional<String> master = value(SENTINEL_MASTER);
        Optional<String> sentinelNodes = value(SENTINEL_NODES);
        Optional<String> clusterNodes = value(CLUSTER_NODES);
        checkRedisMode(master, sentinelNodes, clusterNodes);
        String poolRange = "a whole number from 1 to " + Integer.MAX_VALUE;
        long poolMaxTotal = value(POOL_MAX_TOTAL)
                .flatMap(raw -> integerIn(POOL_MAX_TOTAL, raw, 1, Integer.MAX_VALUE, poolRange))
                .orElse((long) RedisSettings.DEFAULT_POOL_MAX_TOTAL);
        return new RedisSettings(uri, master.orElse(null),
                sentinelNodes.map(raw -> hosts(SENTINEL_NODES, raw)).orElse(List.of()),
                clusterNodes.map(raw -> hosts(CLUSTER_NODES, raw)).orElse(List.of()), (int) poolMaxTotal,
                redisDuration(CONNECT_TIMEOUT, RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                redisDuration(TIMEOUT, RedisSettings.DEFAULT_TIMEOUT),
                redisDuration(RETRY_AFTER_FAILURE, RedisSettings.DEFAULT_RETRY_AFTER_FAILURE));
    }

    private Optional<URI> redisUri(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            report(ConfigProblem.INVALID_REDIS_URI, REDIS_URI, raw,
                    "not a URI: " + e.getReason() + " at index " + e.getIndex(), REDIS_URI_FORM);
            return Optional.empty();
        }
        String wrong = redisUriProblem(uri);
        if (wrong != null) {
            report(ConfigProblem.INVALID_REDIS_URI, REDIS_URI, raw, wrong, REDIS_URI_FORM);
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static @Nullable String redisUriProblem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            return "the scheme must be redis or rediss, but was '" + scheme + "'";
        }
        if (uri.getHost() == null) {
            return "the host or the port is missing or malformed";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return "the port must be from 1 to 65535, but was " + uri.getPort();
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/[0-9]{1,5}")) {
            return "the path must be empty or a database number such as /0, but was '" + path + "'";
        }
        return null;
    }

    private void checkRedisMode(Optional<String> master, Optional<String> sentinelNodes,
            Optional<String> clusterNodes) {
        if (master.isPresent() && sentinelNodes.isEmpty() && !unreadable.contains(SENTINEL_NODES)) {
            report(ConfigProblem.MISSING_VALUE, SENTINEL_NODES, "", "required when " + SENTINEL_MASTER + " is set",
                    HOST_LIST);
        }
        if (sentinelNodes.isPresent() && master.isEmpty() && !unreadable.contains(SENTINEL_MASTER)) {
            report(ConfigProblem.MISSING_VALUE, SENTINEL_MASTER, "", "required when " + SENTINEL_NODES + " is set",
                    "the name of the master that the Sentinel nodes watch, such as mymaster");
        }
        if (clusterNodes.isPresent() && (master.isPresent() || sentinelNodes.isPresent())) {
            report(ConfigProblem.CONFLICTING_KEYS, CLUSTER_NODES, clusterNodes.get(),
                    "cannot be set together with sluice.redis.sentinel.*: Redis is reached either through "
                            + "Sentinel or as a Cluster", "either " + CLUSTER_NODES + ", or " + SENTINEL_MASTER
                            + " with " + SENTINEL_NODES + ", or neither");
        }
    }

    private List<HostAndPort> hosts(String key, String raw) {
        List<HostAndPort> hosts = new ArrayList<>();
        for (String entry : list(raw)) {
            try {
                hosts.add(HostAndPort.parse(entry));
            } catch (IllegalArgumentException e) {
                report(ConfigProblem.INVALID_HOST_AND_PORT, key, raw,
                        entry.isEmpty() ? "an entry is empty" : e.getMessage(), HOST_LIST);
            }
        }
        return hosts;
    }

    private Duration redisDuration(String key, Duration defaultValue) {
        return value(key)
                .flatMap(raw -> durationIn(key, raw, Duration.ofMillis(1), Duration.ofDays(1), true,
                        REDIS_DURATION_RANGE))
                .orElse(defaultValue);
    }

    // Values

    /** Returns a key's value stripped of surrounding blanks; a blank value counts as not set, as in MP Config. */
    private Optional<String> value(String key) {
        try {
            return source.value(key).map(String::strip).filter(raw -> !raw.isEmpty());
        } catch (RuntimeException e) {
            if (unreadable.add(key)) {
                report(ConfigProblem.UNREADABLE_VALUE, key, "", "the value cannot be read: " + e,
                        "a value that the configuration can return");
            }
            return Optional.empty();
        }
    }

    private Optional<String> required(String key, String allowed) {
        Optional<String> raw = value(key);
        if (raw.isEmpty() && !unreadable.contains(key)) {
            report(ConfigProblem.MISSING_VALUE, key, "", "required, but not set", allowed);
        }
        return raw;
    }

    private <E> Optional<E> choose(String key, E defaultValue, Choice<E> choice) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return Optional.of(defaultValue);
        }
        String wanted = raw.get().toLowerCase(Locale.ROOT);
        for (E option : choice.options()) {
            if (choice.name().apply(option).equals(wanted)) {
                return Optional.of(option);
            }
        }
        report(choice.kind(), key, raw.get(), "'" + raw.get() + "' is not " + choice.noun(), choice.allowed());
        return Optional.empty();
    }

    /** Parses a whole number in plain decimal digits, with an optional minus sign for a range check to refuse. */
    private Optional<Long> integer(String key, String raw, String allowed) {
        if (!DECIMAL.matcher(raw).matches()) {
            report(ConfigProblem.NOT_AN_INTEGER, key, raw, "'" + raw + "' is not a whole number in decimal digits",
                    allowed);
            return Optional.empty();
        }
        BigInteger value = new BigInteger(raw);
        if (value.bitLength() >= Long.SIZE) {
            report(ConfigProblem.NUMBER_OUT_OF_RANGE, key, raw, "'" + raw + "' does not fit in 64 bits", allowed);
            return Optional.empty();
        }
        return Optional.of(value.longValue());
    }

    private Optional<Long> integerIn(String key, String raw, long min, long max, String allowed) {
        return integer(key, raw, allowed).filter(value -> {
            if (value < min || value > max) {
                report(ConfigProblem.NUMBER_OUT_OF_RANGE, key, raw,
                        value < min ? "must be at least " + min : "must be at most " + max, allowed);
                return false;
            }
            return true;
        });
    }

    private Optional<Duration> duration(String key, String raw, String allowed) {
        try {
            return Optional.of(DurationText.parse(raw));
        } catch (DurationText.TooLongException e) {
            report(ConfigProblem.DURATION_OUT_OF_RANGE, key, raw, e.getMessage(), allowed);
        } catch (IllegalArgumentException e) {
            report(ConfigProblem.NOT_A_DURATION, key, raw, e.getMessage(), DurationText.SYNTAX);
        }
        return Optional.empty();
    }

    private Optional<Duration> durationIn(String key, String raw, Duration min, Duration max, boolean wholeMillis,
            String allowed) {
        return duration(key, raw, allowed).filter(value -> {
            String wrong = value.isNegative() ? "is negative"
                    : value.compareTo(min) < 0 ? (value.isZero() ? "is zero" : "is shorter than " + min)
                    : value.compareTo(max) > 0 ? "is longer than " + max
                    : wholeMillis && value.getNano() % 1_000_000 != 0 ? "is not a whole number of milliseconds"
                    : null;
            if (wrong != null) {
                report(ConfigProblem.DURATION_OUT_OF_RANGE, key, raw, "'" + raw + "' " + wrong, allowed);
            }
            return wrong == null;
        });
    }

    /** Splits a comma-separated list, stripping each entry; an empty entry stays, to be reported. */
    private static List<String> list(String raw) {
        return Stream.of(raw.split(",", -1)).map(String::strip).collect(Collectors.toList());
    }

    private void report(ConfigProblem kind, String key, String value, String detail, String allowed) {
        problems.add(new Problem(kind, key, RedisSettings.maskPassword(value), detail, allowed));
    }

    /** A closed set of configuration names, such as the algorithms. */
    private record Choice<E>(ConfigProblem kind, String noun, E[] options, Function<E, String> name) {

        String allowed() {
            return Stream.of(options).map(name).collect(Collectors.joining(", "));
        }
    }
}
