package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMember;
import dev.parley.api.NewMessage;
import dev.parley.api.Problem;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.api.User;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTP as RFC 9110 writes it, where generated clients, proxies and old tools meet the server: HTTP/1.0
 * answered 505 rather than dropped, RFC 9110's reason phrases, the security headers and an
 * IMF-fixdate {@code Date} on every answer (the webserver's own early ones included), {@code Location}
 * on every 201, {@code If-Match} refused with 412, {@code Pragma} on token answers, and a 400 for an
 * unknown OpenAPI format that says which exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactHttpTest {

    /** RFC 9110 §5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}, the day always in two digits. */
    private static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

    private TestServer server;
    private ApiClient api;
    private Account account;

    @BeforeAll
    void start() {
        server = TestServer.start();
        api = ApiClient.of(server);
        account = api.newAccount();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anHttp10RequestIsAnswered505AsProblemJson() throws IOException {
        Raw answer = raw("GET /users/me HTTP/1.0\r\nHost: parley\r\nAuthorization: Bearer " + account.accessToken()
                + "\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported");
        assertThat(answer.headers())
                .containsEntry("content-type", Problem.MEDIA_TYPE)
                .containsEntry("connection", "close");
        assertThat(answer.body()).contains("\"status\":505").contains("HTTP/1.1");
        assertSecurityHeaders(answer.headers());
    }

    @Test
    void aRequestLineTooLongIs414UriTooLongWithTheSecurityHeaders() throws IOException {
        Raw answer = raw("GET /users/me?padding=" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: parley\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 414 URI Too Long");
        assertThat(answer.body()).contains("\"title\":\"URI Too Long\"");
        assertSecurityHeaders(answer.headers());
    }

    @Test
    void aHeaderSectionPastTheWebserversCapIs400WithTheSecurityHeaders() throws IOException {
        Raw answer = raw("GET /users/me HTTP/1.1\r\nHost: parley\r\nX-Padding: " + "a".repeat(20 * 1024) + "\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertSecurityHeaders(answer.headers());
    }

    @Test
    void aBodyTooLargeIs413ContentTooLarge() throws IOException {
        Raw answer = raw("POST /sessions HTTP/1.1\r\nHost: parley\r\nAuthorization: Bearer " + account.accessToken()
                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 413 Content Too Large");
        assertThat(answer.body()).contains("\"title\":\"Content Too Large\"");
        assertSecurityHeaders(answer.headers());
    }

    @Test
    void everyAnswerIsDatedInImfFixdate() throws IOException {
        assertThat(api.get("/users/me").as(account).send().header("Date"))
                .hasValueSatisfying(date -> assertThat(date).matches(IMF_FIXDATE));
        assertThat(api.get("/nothing-here").send().header("Date"))
                .hasValueSatisfying(date -> assertThat(date).matches(IMF_FIXDATE));
        assertThat(raw("GET / HTTP/1.0\r\n\r\n").headers().get("date")).matches(IMF_FIXDATE);
    }

    @Test
    void everyCreationAnswersWithTheLocationOfWhatItCreated() {
        ApiClient.Response registered = api.register(ApiClient.uniqueEmail(), "correct horse battery");
        Response created = api.post("/sessions")
                .as(account)
                .json(new SessionTitle("Located"))
                .send();
        Session session = created.as(Session.class);
        Account member = api.newAccount();
        Response added = api.post("/sessions/" + session.id() + "/members")
                .as(account)
                .json(new NewMember(member.email()))
                .send();
        Response posted = api.post("/sessions/" + session.id() + "/messages")
                .as(account)
                .json(new NewMessage("where am I?"))
                .send();

        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.header("Location")).hasValue("/users/me");
        assertThat(registered.as(User.class).email()).isNotBlank();
        assertThat(created.header("Location")).hasValue("/sessions/" + session.id());
        assertThat(api.get(created.header("Location").orElseThrow())
                        .as(account)
                        .send()
                        .as(Session.class)
                        .id())
                .isEqualTo(session.id());
        assertThat(added.header("Location"))
                .hasValue("/sessions/" + session.id() + "/members/"
                        + member.user().id());
        Message message = posted.as(Message.class);
        assertThat(api.get(posted.header("Location").orElseThrow())
                        .as(account)
                        .send()
                        .as(MessagePage.class)
                        .messages())
                .containsExactly(message);
    }

    @Test
    void aChangeConditionalOnAnEntityTagIsRefused412() {
        Session session = api.post("/sessions")
                .as(account)
                .json(new SessionTitle("Before"))
                .send()
                .as(Session.class);
        String path = "/sessions/" + session.id();

        Response tagged = api.patch(path)
                .as(account)
                .header("If-Match", "\"v1\"")
                .json(new SessionTitle("After"))
                .send();
        Response anonymous = api.patch(path)
                .header("If-Match", "\"v1\"")
                .json(new SessionTitle("After"))
                .send();
        Response deleteTagged =
                api.delete(path).as(account).header("If-Match", "W/\"v1\"").send();

        assertThat(tagged.status()).as(tagged.body()).isEqualTo(412);
        assertThat(tagged.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(tagged.problem().detail()).contains("ETag");
        assertThat(anonymous.status()).as("the 401 comes first").isEqualTo(401);
        assertThat(deleteTagged.status()).isEqualTo(412);
        assertThat(api.get(path).as(account).send().as(Session.class).title())
                .as("nothing was changed")
                .isEqualTo("Before");

        Response any = api.patch(path)
                .as(account)
                .header("If-Match", "*")
                .json(new SessionTitle("After"))
                .send();
        assertThat(any.status())
                .as("If-Match: * holds for a session that exists")
                .isEqualTo(200);
    }

    @Test
    void tokenAnswersAreNotCachedByOldCachesEither() {
        Response granted = api.passwordGrant(account.email(), account.password());
        Response refused = api.passwordGrant(account.email(), "wrong password");

        for (Response response : new Response[] {granted, refused}) {
            assertThat(response.header("Cache-Control")).hasValue("no-store");
            assertThat(response.header("Pragma")).hasValue("no-cache");
        }
        assertThat(granted.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
    }

    @Test
    void anUnknownOpenApiFormatIs400SayingWhichThereAre() {
        Response response = api.get("/openapi?format=xml").send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.problem().detail()).contains("JSON").contains("YAML");
    }

    private static void assertSecurityHeaders(Map<String, String> headers) {
        assertThat(headers)
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("content-security-policy", "default-src 'none'; frame-ancestors 'none'")
                .containsEntry("referrer-policy", "no-referrer")
                .containsEntry("cache-control", "no-store");
        assertThat(headers.get("date")).matches(IMF_FIXDATE);
    }

    /** An answer read off a bare socket: status line, headers (names in lower case) and the rest. */
    private record Raw(String statusLine, Map<String, String> headers, String body) {}

    /** Sends {@code request} as it stands and reads the answer until the server closes the connection. */
    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new Raw(lines[0], headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside the answer's head: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.length() - 4);
    }
}
