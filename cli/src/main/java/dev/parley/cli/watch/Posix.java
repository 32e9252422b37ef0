package dev.parley.cli.watch;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The two system calls the watch needs and Java has no word for: {@code poll(2)} on standard
 * output, to learn that its reader has gone before there is anything to write, and {@code kill(2)}
 * of a process group, to end an {@code --exec} hook with whatever it started. Through JNA; where
 * the C library cannot be reached, {@link #available()} is false and callers do without.
 */
final class Posix {

    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    private static final short POLLERR = 0x008;
    private static final short POLLHUP = 0x010;
    private static final int EINTR = 4;

    /** The C library's functions, bound on first use. */
    private interface CLibrary extends Library {
        int poll(Pointer fds, long count, int timeoutMillis);

        int kill(int pid, int signal);
    }

    private static final CLibrary C = load();

    private Posix() {}

    private static CLibrary load() {
        try {
            return Native.load("c", CLibrary.class);
        } catch (LinkageError e) {
            return null;
        }
    }

    static boolean available() {
        return C != null;
    }

    /**
     * Blocks until file descriptor {@code fd} reports an error or a hang-up: for the writing end of
     * a pipe, that its last reader has closed it. A file or a terminal that stays open never does.
     * False when it cannot be asked.
     */
    static boolean awaitHangUp(int fd) {
        if (C == null) {
            return false;
        }
        try (Memory pollfd = new Memory(8)) { // struct pollfd { int fd; short events; short revents; }
            pollfd.setInt(0, fd);
            pollfd.setShort(4, (short) 0); // no events asked: errors and hang-ups are always reported
            while (true) {
                pollfd.setShort(6, (short) 0);
                int ready = C.poll(pollfd, 1, -1);
                if (ready > 0) {
                    return (pollfd.getShort(6) & (POLLERR | POLLHUP)) != 0;
                }
                if (ready < 0 && Native.getLastError() != EINTR) {
                    return false;
                }
            }
        }
    }

    /** Sends {@code signal} to every process of group {@code group}; false when none is left (or no C library). */
    static boolean killGroup(long group, int signal) {
        return C != null && group > 1 && C.kill((int) -group, signal) == 0;
    }
}
