package dev.parley.server.account;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Lowers the CPU scheduling priority of the calling thread: raises its nice value, on Linux. Java's
 * own {@link Thread#setPriority} does nothing there unless the JVM runs as root with
 * {@code -XX:ThreadPriorityPolicy=1}; Linux keeps a nice value per thread, and a thread may always
 * lower its own priority.
 */
final class ThreadNiceness {

    private static final System.Logger LOG = System.getLogger(ThreadNiceness.class.getName());
    /** setpriority's {@code which} for one process, which on Linux is one thread (its id from gettid). */
    private static final int PRIO_PROCESS = 0;

    /** The highest nice value: the lowest priority. */
    static final int LOWEST = 19;

    /** The C library functions used (glibc 2.30 and later have gettid). */
    interface CLibrary extends Library {
        int gettid();

        int getpriority(int which, int who);

        int setpriority(int which, int who, int prio);
    }

    private ThreadNiceness() {}

    /**
     * Adds {@code steps} to the calling thread's nice value, up to {@link #LOWEST} (the higher it is,
     * the smaller the thread's share of a busy CPU): relative to what the server was started with, as
     * {@code nice -n} does, since an unprivileged thread cannot go back above it. Returns whether it
     * did. Elsewhere than on Linux, or when the C library refuses, the thread keeps its priority and the
     * log says so.
     */
    static boolean lowerCurrentThread(int steps) {
        if (steps == 0) {
            return true;
        }
        if (!Platform.isLinux()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "thread " + Thread.currentThread().getName() + " keeps its CPU priority: nice values per thread are"
                            + " Linux's only");
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            int thread = c.gettid();
            // -1 is also a nice value: only errno tells a failure.
            Native.setLastError(0);
            int now = c.getpriority(PRIO_PROCESS, thread);
            if (Native.getLastError() != 0 || c.setpriority(PRIO_PROCESS, thread, Math.min(LOWEST, now + steps)) != 0) {
                warn("getpriority or setpriority failed (errno " + Native.getLastError() + ")");
                return false;
            }
            return true;
        } catch (LinkageError e) {
            warn("the C library has no gettid or setpriority: " + e.getMessage());
            return false;
        }
    }

    private static void warn(String why) {
        LOG.log(
                System.Logger.Level.WARNING,
                "thread " + Thread.currentThread().getName() + " keeps its CPU priority: " + why);
    }
}
