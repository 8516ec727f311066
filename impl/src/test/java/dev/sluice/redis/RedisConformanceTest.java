package dev.sluice.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.sluice.LimitSpec;
import dev.sluice.RateLimiter;
import dev.sluice.conformance.ConformanceContract;
import dev.sluice.testing.ManualTicker;

final class RedisConformanceTest extends ConformanceContract {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final AtomicInteger CASES = new AtomicInteger();

    @Override
    protected RateLimiter createLimiter(LimitSpec spec, ManualTicker ticker) {
        // each case starts on keys of its own; the manual clock stands still while real time passes, so keys
        // are kept a while beyond their rest time
        return RedisRateLimiter.builder("conformance", spec)
                .client(REDIS.client())
                .keyPrefix("sluice-conformance-" + CASES.incrementAndGet() + ":")
                .ticker(ticker)
                .expiryPadding(Duration.ofMinutes(10))
                .build();
    }
}
