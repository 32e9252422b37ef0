package dev.parley.server.db;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Reports the server ready and live only while the database answers a query. */
public final class DatabaseHealthCheck implements HealthCheck {

    private final Database db;

    public DatabaseHealthCheck(Database db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(db.isReachable()).build();
    }
}
