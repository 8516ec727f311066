package dev.sluice.demo;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The demo's Jakarta REST application: every resource of this package, served under {@code /api}.
 */
@ApplicationPath("/api")
public class DemoApplication extends Application {
}
