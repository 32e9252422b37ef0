package dev.parley.server.metrics;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The JVM's thread and class counts, named as Prometheus expects, in place of Helidon's built-in ones:
 * four of those are gauges whose names end in {@code _count}, which Prometheus reserves for histograms
 * and summaries, and {@code thread.starts}, which only grows, is typed as a gauge, so that
 * {@code rate()} cannot be taken of it. (Helidon's scoping filter could leave them out too, but a
 * filter's pattern makes its configuration unequal to itself, and Helidon then builds its registry
 * anew for every server a JVM starts.)
 */
public final class JvmMeters {

    private JvmMeters() {}

    /** Helidon's meters that these replace, in its {@code base} scope, named in snake_case. */
    private static final List<String> REPLACED = List.of(
            "thread.count",
            "thread.daemon.count",
            "thread.max.count",
            "thread.starts",
            "classloader.loaded_classes.count");

    public static void register(Meters meters) {
        REPLACED.forEach(meters::removeBuiltIn);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        meters.gauge(
                "jvm.threads.live",
                "Platform threads alive now, daemon or not (virtual threads are not counted).",
                threads::getThreadCount);
        meters.gauge("jvm.threads.daemon", "Daemon platform threads alive now.", threads::getDaemonThreadCount);
        meters.gauge(
                "jvm.threads.peak",
                "The most platform threads alive at once since the JVM started.",
                threads::getPeakThreadCount);
        meters.counter(
                "jvm.threads.started",
                "Platform threads started since the JVM started.",
                threads::getTotalStartedThreadCount);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        meters.gauge("jvm.classes.loaded", "Classes loaded now.", classes::getLoadedClassCount);
    }
}
