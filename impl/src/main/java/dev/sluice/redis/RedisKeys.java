package dev.sluice.redis;

import dev.sluice.LimitSpec;

/**
 * Names the Redis key of a limiter's state for one key: {@code <prefix>{<tag>}:<limiter>:<algorithm>:<period in
 * ms>}, where the hash tag is the resolved key, so that one request's limits on the same key share a slot of a
 * Redis Cluster.
 */
final class RedisKeys {

    /*
     * The keys a limiter is given are store keys, "<limiter>:<key>", "<limiter>#<digest>" or "<limiter>!", in
     * which the limiter's name is itself (names are letters, digits, '-' and '_', which percent-encoding keeps).
     * The tag is then what follows the name, separator included, so that the key "" (tag ":") and the missing key
     * (tag "!") stay apart. Any other key, as a caller of the API may pass, is tagged "=" followed by the key: no
     * store key's tag starts with '=', so two different keys never share a Redis key.
     */

    private final String prefix;
    private final String limiter;
    private final String suffix;

    RedisKeys(String prefix, String limiter, LimitSpec spec) {
        this.prefix = prefix;
        this.limiter = limiter;
        this.suffix = "}:" + limiter + ":" + spec.algorithm().configName() + ":" + spec.rate().period().toMillis();
    }

    String of(String key) {
        return prefix + "{" + tag(key) + suffix;
    }

    private String tag(String key) {
        if (key.length() > limiter.length() && key.startsWith(limiter)) {
            char separator = key.charAt(limiter.length());
            if (separator == ':' || separator == '#' || separator == '!') {
                return key.substring(limiter.length());
            }
        }
        return "=" + key;
    }
}
