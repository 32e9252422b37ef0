/**
 * What the server tells about itself at {@code /observe/metrics}: {@link dev.parley.server.metrics.Meters},
 * through which each feature makes its own meters in Helidon's registry (see docs/monitoring.md for
 * the list), and the JVM's thread and class counts under Prometheus' naming rules.
 */
package dev.parley.server.metrics;
