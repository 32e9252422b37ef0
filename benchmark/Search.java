import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The search benchmark's measurement (run by benchmark/search, once the server is up on the data
 * SearchData.java built): the searcher logs in, then sends GET /search with two-word queries, one
 * at a time over one connection, and the latency of each is timed from just before it is sent to
 * the end of its answer. Both words of a query are drawn at random from the 200 most frequent of the
 * vocabulary (each in 0.7 % to 75 % of the messages), so the queries range from those that fill a
 * page of 50 in the searcher's sessions to those that find nothing there. Prints p50, p90, p99 and
 * the slowest, how many results the pages held, and the server's CPU time per query.
 *
 * <p>Usage: java Search.java URL PID VOCABULARY_FILE QUERIES WARMUP
 */
public final class Search {

    private static final int QUERY_RANKS = 200;
    private static final double TARGET_P99_MS = 50;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        ServerStats server = new ServerStats(Long.parseLong(args[1]));
        List<String> vocabulary = Files.readAllLines(Path.of(args[2]));
        int queries = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);

        String token = ParleyApi.first(
                ParleyApi.TOKEN,
                new ParleyApi(base)
                        .call("POST", "/token", null,
                                "{\"email\":\"searcher@example.com\",\"password\":\"search-benchmark-password\"}", 200));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Random random = new Random(7);
        int ranks = Math.min(QUERY_RANKS, vocabulary.size());

        long[] latencies = new long[queries];
        long results = 0;
        int empty = 0;
        long cpuBefore = 0;
        long began = 0;
        for (int i = -warmup; i < queries; i++) {
            if (i == 0) {
                cpuBefore = server.cpuTicks();
                began = System.nanoTime();
            }
            int first = random.nextInt(ranks);
            int second = random.nextInt(ranks - 1);
            String q = vocabulary.get(first) + " " + vocabulary.get(second >= first ? second + 1 : second);
            HttpRequest request = HttpRequest.newBuilder(
                            base.resolve("/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token)
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("q=" + q + ": " + response.statusCode() + " " + response.body());
            }
            if (i >= 0) {
                latencies[i] = latency;
                int found = count(response.body(), "\"message\":");
                results += found;
                empty += found == 0 ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        double cpuMs = (server.cpuTicks() - cpuBefore) * 10.0;

        Arrays.sort(latencies);
        double p99 = millis(latencies, 0.99);
        System.out.printf(
                "search: %,d two-word queries (words of the %,d most frequent), one at a time after %,d of warm-up%n",
                queries, ranks, warmup);
        System.out.printf(
                "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f; %.0f queries/s%n",
                millis(latencies, 0.50), millis(latencies, 0.90), p99, latencies[queries - 1] / 1e6, queries / seconds);
        System.out.printf(
                "results: %.1f per page on average, %d%% of queries found nothing; server CPU %.2f ms per query, RSS %,d MB%n",
                (double) results / queries, 100 * empty / queries, cpuMs / queries, server.rssKb() / 1024);
        System.out.printf("target p99 < %.0f ms: %s%n", TARGET_P99_MS, p99 < TARGET_P99_MS ? "met" : "MISSED");
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
