package dev.parley.server.metrics;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The JVM's thread and class counts, named as Prometheus expects. Helidon's built-in ones are left out
 * (application.yaml, {@code scoping.scopes.base.filter.exclude}): four are gauges whose names end in
 * {@code _count}, which Prometheus reserves for histograms and summaries, and {@code thread.starts},
 * which only grows, is typed as a gauge, so {@code rate()} cannot be taken of it.
 */
public final class JvmMeters {

    private JvmMeters() {
    }

    public static void register(Meters meters) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        meters.gauge("jvm.threads.live", "Platform threads alive now, daemon or not (virtual threads are not counted).",
                threads::getThreadCount);
        meters.gauge("jvm.threads.daemon", "Daemon platform threads alive now.", threads::getDaemonThreadCount);
        meters.gauge("jvm.threads.peak", "The most platform threads alive at once since the JVM started.",
                threads::getPeakThreadCount);
        meters.counter("jvm.threads.started", "Platform threads started since the JVM started.",
                threads::getTotalStartedThreadCount);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        meters.gauge("jvm.classes.loaded", "Classes loaded now.", classes::getLoadedClassCount);
    }
}
