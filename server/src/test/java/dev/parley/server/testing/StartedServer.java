package dev.parley.server.testing;

import dev.parley.server.testing.ApiClient.Account;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server for a whole test class, with a user who owns a session: the fixture most tests of
 * one concern share. Registered as a static field,
 * {@code @RegisterExtension static final StartedServer started = StartedServer.withDefaults();},
 * it starts the server before the class's first test and stops it after its last.
 */
public final class StartedServer implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> settings;
    private TestServer server;
    private ApiClient api;
    private Account owner;
    private long sessionId;

    private StartedServer(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** A server with the defaults of application.yaml. */
    public static StartedServer withDefaults() {
        return new StartedServer(Map.of());
    }

    /** A server with {@code settings} (configuration keys to values) over the defaults. */
    public static StartedServer with(Map<String, String> settings) {
        return new StartedServer(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start(settings);
        api = ApiClient.of(server);
        owner = api.newAccount();
        sessionId = api.post("/sessions").as(owner).send().json().path("id").asLong();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public TestServer server() {
        return server;
    }

    /** A client of the server, without credentials until a request is made {@code as} someone. */
    public ApiClient api() {
        return api;
    }

    /** The user made at start, owner of {@link #sessionId()}. */
    public Account owner() {
        return owner;
    }

    public long sessionId() {
        return sessionId;
    }
}
