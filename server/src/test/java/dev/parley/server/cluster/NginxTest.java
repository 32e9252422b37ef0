package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.ServerProcess;
import dev.parley.server.testing.TwoServers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example load-balancer configuration, deploy/nginx/parley.conf, run for real: nginx (from
 * Debian's package) in front of two Parley servers on one PostgreSQL, with only the addresses
 * changed. Skipped without nginx or without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
@EnabledIf(
        value = "nginxIsInstalled",
        disabledReason = "nginx tests skipped: no /usr/sbin/nginx (apt-get install nginx-light)")
class NginxTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path EXAMPLE = Path.of("..", "deploy", "nginx", "parley.conf");

    @RegisterExtension
    static final TwoServers servers = TwoServers.onOneDatabase(Map.of());

    private static Path dir;
    private static ServerProcess a;
    private static ServerProcess b;
    private static Process nginx;
    private static URI front;

    static boolean nginxIsInstalled() {
        return Files.isExecutable(NGINX);
    }

    @BeforeAll
    static void startTwoServersBehindNginx() throws IOException, InterruptedException {
        dir = servers.directory();
        a = servers.a();
        b = servers.b();
        int port = freePort();
        String example = Files.readString(EXAMPLE);
        assertThat(example).contains("server 127.0.0.1:8081;", "server 127.0.0.1:8082;", "listen 80;");
        Files.writeString(
                dir.resolve("parley.conf"),
                example.replace("server 127.0.0.1:8081;", "server 127.0.0.1:" + a.port() + ";")
                        .replace("server 127.0.0.1:8082;", "server 127.0.0.1:" + b.port() + ";")
                        .replace("listen 80;", "listen 127.0.0.1:" + port + ";"));
        // What /etc/nginx/nginx.conf holds around conf.d, with every path under the test's directory.
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "daemon off;",
                        "master_process off;",
                        "pid nginx.pid;",
                        "error_log error.log;",
                        "events { worker_connections 256; }",
                        "http {",
                        "    access_log off;",
                        "    client_body_temp_path body;",
                        "    proxy_temp_path proxy;",
                        "    include parley.conf;",
                        "}",
                        ""));
        nginx = new ProcessBuilder(List.of(NGINX.toString(), "-p", dir + "/", "-c", "nginx.conf", "-e", "error.log"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        awaitListening(port);
        front = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStreamThroughNginxReceivesAMessagePostedThroughNginx() {
        ApiClient api = new ApiClient(() -> front);
        Account owner = api.newAccount();
        Session session = api.post("/sessions")
                .as(owner)
                .json(new SessionTitle("Behind nginx"))
                .send()
                .as(Session.class);

        try (EventStreamRecorder stream = EventStreamRecorder.open(
                front.resolve("/sessions/" + session.id() + "/events"), owner.accessToken(), Map.of())) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            // Several posts: with two servers behind it, nginx sends some to each.
            for (int i = 0; i < 4; i++) {
                ApiClient.Response posted = api.post("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .json(new NewMessage("through nginx " + i))
                        .send();
                assertThat(posted.status()).as(posted.body()).isEqualTo(201);
                assertThat(stream.assertMessage()).isEqualTo(posted.as(Message.class));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until nginx accepts connections, or fails with its output. */
    private static void awaitListening(int port) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                if (!nginx.isAlive()) {
                    break;
                }
                nginx.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
    }
}
