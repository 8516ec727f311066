package dev.sluice.demo;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sluice.RateLimiterRegistry;

/**
 * A bean that limits its own work through the injected registry, outside any request filter: an expensive
 * report may be built 3 times per minute per user; a caller waits up to a second for a permit, then gets a
 * {@link dev.sluice.RateLimitExceededException}, which the application answers with 429.
 */
@ApplicationScoped
public class ReportService {

    @Inject
    RateLimiterRegistry limiters;

    /**
     * Builds a report for a user.
     *
     * @param user who asks
     * @return the report
     */
    public String build(String user) {
        Supplier<String> report = limiters.get("reports").guard(user)
                .waitingUpTo(Duration.ofSeconds(1))
                .supplier(() -> "report for " + user + ": all is well\n");
        return report.get();
    }
}
