package dev.parley.cli.watch;

/**
 * Notices that the process's standard output has no reader any more ({@code parley watch | head -1}
 * once head has its line) while the watch has nothing to write: a write would tell, but in a quiet
 * session none may come for hours, and the watch must end promptly all the same.
 */
final class ReaderGone {

    private static final int STANDARD_OUTPUT = 1;

    private ReaderGone() {}

    /**
     * Runs {@code then} once standard output hangs up; a daemon thread waits in {@code poll(2)}, so
     * that nothing needs stopping. Without the C library, the next write is what tells.
     */
    static void whenStandardOutputCloses(Runnable then) {
        if (!Posix.available()) {
            return;
        }
        Thread.ofPlatform().daemon(true).name("parley-watch-output").start(() -> {
            if (Posix.awaitHangUp(STANDARD_OUTPUT)) {
                then.run();
            }
        });
    }
}
