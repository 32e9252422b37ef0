package dev.parley.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Json;
import dev.parley.api.Session;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.client.ParleyClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sessions, sessions create, rename and delete against the real server, as a user and as a script. */
class SessionCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    @BeforeEach
    void setUp() {
        cli.newLogin(PASSWORD);
    }

    @Test
    void createdSessionsAreListedWithTheMostRecentFirst() {
        Result first = cli.run("sessions", "create", "Release planning");
        Result second = cli.run("sessions", "create");
        Result listed = cli.run("sessions");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).matches("Created session \\d+ \"Release planning\"\n");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID").contains("TITLE").endsWith("LAST ACTIVITY");
        assertThat(lines.get(1))
                .doesNotContain("Release planning")
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$");
        assertThat(lines.get(2)).contains("Release planning");
        assertThat(listed.err()).isEmpty();
    }

    @Test
    void noSessionsSaysHowToStartOne() {
        Result listed = cli.run("sessions");

        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("parley sessions create");
    }

    @Test
    void jsonIsTheApiSessionOnePerLine() throws IOException {
        Result created = cli.run("sessions", "create", "Scripted", "--json");
        cli.run("sessions", "create", "Another");

        Result listed = cli.run("sessions", "--json");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        Session session = Json.mapper().readValue(created.out(), Session.class);
        assertThat(session.title()).isEqualTo("Scripted");
        assertThat(session.id()).isPositive();
        List<Session> sessions = new ArrayList<>();
        for (String line : listed.out().lines().toList()) {
            sessions.add(Json.mapper().readValue(line, Session.class));
        }
        assertThat(sessions).extracting(Session::title).containsExactly("Another", "Scripted");
        assertThat(sessions.get(1)).isEqualTo(session);
    }

    @Test
    void listingFollowsTheCursorToTheEndOrStopsAtTheLimit() throws IOException {
        ParleyClient client = client(cli);
        for (int i = 1; i <= 25; i++) {
            client.createSession("Session " + i);
        }

        Result all = cli.run("sessions", "--json");
        Result limited = cli.run("sessions", "--limit", "3");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out().lines()).hasSize(25);
        assertThat(Json.mapper()
                        .readValue(all.out().lines().toList().get(24), Session.class)
                        .title())
                .isEqualTo("Session 1");
        assertThat(limited.exitCode()).as(limited.toString()).isZero();
        assertThat(limited.out().lines()).hasSize(4);
        assertThat(limited.out()).contains("Session 25").contains("Session 23").doesNotContain("Session 22");
    }

    @Test
    void renameChangesTheTitle() throws IOException {
        long id = client(cli).createSession("Old").id();

        Result renamed = cli.run("sessions", "rename", Long.toString(id), "New title");
        Result renamedJson = cli.run("sessions", "rename", Long.toString(id), "Newer", "--json");

        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
        assertThat(renamed.out()).isEqualTo("Renamed session " + id + " to \"New title\"\n");
        assertThat(Json.mapper().readValue(renamedJson.out(), Session.class).title())
                .isEqualTo("Newer");
        assertThat(client(cli).session(id).title()).isEqualTo("Newer");
    }

    @Test
    void renameToAnOverlongTitleShowsTheServersReason() {
        long id = client(cli).createSession("Short").id();

        Result renamed = cli.run("sessions", "rename", Long.toString(id), "x".repeat(201));

        assertThat(renamed.exitCode()).isEqualTo(1);
        assertThat(renamed.err()).startsWith("parley: ").contains("title").hasLineCount(1);
    }

    @Test
    void deleteWithYesDeletesWithoutAsking() {
        long id = client(cli).createSession("Doomed").id();

        Result deleted = cli.run("sessions", "delete", Long.toString(id), "--yes");
        Result again = cli.run("sessions", "delete", Long.toString(id), "--yes", "--json");

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted session " + id + "\n");
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.err()).startsWith("parley: ").hasLineCount(1);
        assertThat(cli.run("sessions").out()).doesNotContain("Doomed");
    }

    @Test
    void deleteWithoutTerminalOrYesIsAUsageErrorAndDeletesNothing() {
        long id = client(cli).createSession("Kept").id();

        Result deleted = cli.run("sessions", "delete", Long.toString(id));

        assertThat(deleted.exitCode()).isEqualTo(2);
        assertThat(deleted.err()).contains("--yes").hasLineCount(1);
        assertThat(client(cli).session(id).title()).isEqualTo("Kept");
    }

    @Test
    void deleteOnATerminalAsksAndOnlyYesDeletes() {
        long keptId = client(cli).createSession("Kept").id();
        long goneId = client(cli).createSession("Gone").id();
        List<String> prompts = new ArrayList<>();

        Result declined = cli.withTerminal(prompts, "n").run("sessions", "delete", Long.toString(keptId));
        Result accepted = cli.withTerminal(prompts, "y").run("sessions", "delete", Long.toString(goneId), "--json");

        assertThat(prompts)
                .containsExactly(
                        "Delete session " + keptId + " \"Kept\" and its messages? [y/N] ",
                        "Delete session " + goneId + " \"Gone\" and its messages? [y/N] ");
        assertThat(declined.exitCode()).isZero();
        assertThat(declined.out()).isEqualTo("Kept session " + keptId + "\n");
        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.json().get("deleted").asBoolean()).isTrue();
        assertThat(cli.run("sessions").out()).contains("Kept").doesNotContain("Gone");
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        long id = client(cli).createSession("Private").id();
        Cli other = Cli.in(otherHome, server.baseUri().toString());
        other.newLogin(PASSWORD);

        Result renamed = other.run("sessions", "rename", Long.toString(id), "Mine now");
        Result deleted = other.run("sessions", "delete", Long.toString(id), "--yes");

        assertThat(renamed.exitCode()).isEqualTo(4);
        assertThat(renamed.err()).startsWith("parley: ").hasLineCount(1);
        assertThat(deleted.exitCode()).isEqualTo(4);
        assertThat(client(cli).session(id).title()).isEqualTo("Private");
    }

    @Test
    void sessionCommandsNeedALoginAndAnIdNumber() {
        Result loggedOut = Cli.in(otherHome, server.baseUri().toString()).run("sessions");
        Result badId = cli.run("sessions", "rename", "twelve", "Title");

        assertThat(loggedOut.exitCode()).isEqualTo(3);
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("twelve").hasLineCount(1);
    }

    private static ParleyClient client(Cli user) {
        return user.apiClient(server.baseUri());
    }
}
