package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.ApiException;
import dev.parley.server.metrics.Meters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The hashing pool's order and its wait limit, on one thread held busy until the queue is set up;
 * and its threads' priority.
 */
class PasswordHasherTest {

    private static final int LOWEST_COST = 4;
    /** Long enough for a new pool thread to start on a loaded machine; the test waits past it once. */
    private static final Duration MAX_WAIT = Duration.ofMillis(500);

    @Test
    void logInsWaitingAreHashedBeforeRegistrationsThatCameFirst() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PasswordHasher hasher =
                        new PasswordHasher(Bcrypt.JAVA, LOWEST_COST, 1, 0, Duration.ofMinutes(1), Meters.none());
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> hasher.onPool(PasswordHasher.Priority.LOG_IN, () -> {
                started.countDown();
                return await(release);
            }));
            started.await();
            for (int i = 1; i <= 2; i++) {
                String name = "registration " + i;
                callers.submit(() -> hasher.onPool(PasswordHasher.Priority.REGISTRATION, () -> done.add(name)));
                awaitWaiting(hasher, i);
            }
            callers.submit(() -> hasher.onPool(PasswordHasher.Priority.LOG_IN, () -> done.add("log-in")));
            awaitWaiting(hasher, 3);

            release.countDown();
        }

        assertThat(done).containsExactly("log-in", "registration 1", "registration 2");
    }

    @Test
    void workThatWaitedPastTheLimitIsNotDoneAnd503() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PasswordHasher hasher = new PasswordHasher(Bcrypt.JAVA, LOWEST_COST, 1, 0, MAX_WAIT, Meters.none());
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> hasher.onPool(PasswordHasher.Priority.LOG_IN, () -> {
                started.countDown();
                return await(release);
            }));
            started.await();
            Future<Boolean> abandoned =
                    callers.submit(() -> hasher.onPool(PasswordHasher.Priority.LOG_IN, () -> done.add("late")));
            awaitWaiting(hasher, 1);
            Thread.sleep(MAX_WAIT.multipliedBy(2));

            release.countDown();

            assertThatThrownBy(abandoned::get).hasCauseInstanceOf(ApiException.ServiceUnavailable.class);
        }
        assertThat(done).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void hashingThreadsRunAtTheirLowerPriority() throws Exception {
        int server = niceOfThisThread();
        try (PasswordHasher hasher = new PasswordHasher(Bcrypt.JAVA, LOWEST_COST, 1, 5, MAX_WAIT, Meters.none())) {
            assertThat(hasher.onPool(PasswordHasher.Priority.LOG_IN, PasswordHasherTest::niceOfThisThread))
                    .isEqualTo(Math.min(ThreadNiceness.LOWEST, server + 5));
        }
        try (PasswordHasher hasher = new PasswordHasher(Bcrypt.JAVA, LOWEST_COST, 1, 0, MAX_WAIT, Meters.none())) {
            assertThat(hasher.onPool(PasswordHasher.Priority.LOG_IN, PasswordHasherTest::niceOfThisThread))
                    .isEqualTo(server);
        }
    }

    /** The calling thread's nice value: field 19 of its stat line, counted after the name in parentheses. */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Until {@code count} pieces of work wait in the queue (the callers run on threads of their own). */
    private static void awaitWaiting(PasswordHasher hasher, int count) throws InterruptedException {
        while (hasher.waiting() < count) {
            Thread.sleep(1);
        }
    }
}
