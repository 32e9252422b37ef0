import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API calls the benchmarks (FanOut.java, Soak.java) make while setting up and loading a server:
 * JSON in, the body out, and values picked out of it by pattern (no JSON library: the benchmarks
 * run on the JDK's source launcher, which compiles this file beside them).
 */
final class ParleyApi {

    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    static final Pattern EMAIL = Pattern.compile("\"email\":\"([^\"]+)\"");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI base;

    ParleyApi(URI base) {
        this.base = base;
    }

    /** The body of {@code method path}, which must answer {@code expected}. */
    String call(String method, String path, String token, String json, int expected) throws Exception {
        return call(method, path, token, json, status -> status == expected);
    }

    /** The body of {@code method path}, which must answer 2xx. */
    String call(String method, String path, String token, String json) throws Exception {
        return call(method, path, token, json, status -> status < 300);
    }

    /** The first group of {@code pattern} in {@code text}. */
    static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private String call(String method, String path, String token, String json, IntPredicate expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (!expected.test(response.statusCode())) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
