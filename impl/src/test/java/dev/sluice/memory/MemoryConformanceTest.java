package dev.sluice.memory;

import dev.sluice.LimitSpec;
import dev.sluice.RateLimiter;
import dev.sluice.conformance.ConformanceContract;
import dev.sluice.testing.ManualTicker;

final class MemoryConformanceTest extends ConformanceContract {

    @Override
    protected RateLimiter createLimiter(LimitSpec spec, ManualTicker ticker) {
        return MemoryRateLimiter.builder("conformance", spec).ticker(ticker).build();
    }
}
