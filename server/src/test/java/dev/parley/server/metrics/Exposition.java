package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One read of a server's {@code /observe/metrics}: its text, and its samples parsed from the
 * Prometheus text format (a name, labels, a value per line) so that tests can pick them by labels.
 */
record Exposition(String text, List<Sample> samples) {

    /** How long a metric may take to move: a request is timed just after its answer is sent. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    static Exposition of(TestServer server) {
        ApiClient.Response response =
                ApiClient.of(server).get("/observe/metrics").send();
        assertThat(response.status()).isEqualTo(200);
        return parse(response.body());
    }

    static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = LINE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), Map.copyOf(labels), Double.parseDouble(sample.group(3))));
        }
        return new Exposition(text, List.copyOf(samples));
    }

    /**
     * Reads the metrics until {@code check} holds for them, and fails with the last read when it does
     * not within {@link #WAIT}.
     */
    static Exposition await(TestServer server, Predicate<Exposition> check, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exposition read = of(server);
        while (!check.test(read) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            read = of(server);
        }
        assertThat(check.test(read)).as("%s, in:%n%s", what, read.text()).isTrue();
        return read;
    }

    /** Waits until the one sample of {@code name} with {@code labels} (among others) has {@code value}. */
    static Exposition awaitValue(TestServer server, String name, Map<String, String> labels, double value) {
        return await(server, read -> read.value(name, labels) == value, name + labels + " == " + value);
    }

    /** The samples of {@code name} that have {@code labels} (and maybe others). */
    List<Sample> all(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.has(labels))
                .toList();
    }

    /** The value of the one sample of {@code name} with {@code labels}; NaN when there is none. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = all(name, labels);
        assertThat(found.size()).as("samples of %s%s", name, labels).isLessThanOrEqualTo(1);
        return found.isEmpty() ? Double.NaN : found.getFirst().value();
    }

    double value(String name) {
        return value(name, Map.of());
    }

    Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toSet());
    }
}
