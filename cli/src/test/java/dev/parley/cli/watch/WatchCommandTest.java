package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.RunningCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * parley watch against the real server: what it prints, live and as JSON lines, from which message
 * it starts, and how it ends or refuses to start. {@code --exec}, resuming and the outbox have classes
 * of their own.
 */
class WatchCommandTest extends WatchAgainstServer {

    @Test
    void aMessagePostedWhileWatchingIsPrintedLikeHistory() {
        RunningCommand watch = watch(cli, id());

        post("hello live");
        post("two\nlines");

        assertThat(watch.out().assertLine()).matches(TIME + email + ": hello live");
        assertThat(watch.out().assertLine()).matches(TIME + email + ": two");
        assertThat(watch.out().assertLine()).isEqualTo("    lines");
        Result ended = watch.interrupt();
        assertThat(ended.exitCode()).as(ended.toString()).isZero();
        watch.out().assertNoLine();
    }

    @Test
    void whatWasPostedBeforeTheWatchIsNotPrinted() {
        post("old news");

        RunningCommand watch = watch(cli, id());
        post("fresh");

        assertThat(watch.out().assertLine()).endsWith(": fresh");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void allStartsAfterTheNewestMessageOfEverySession() {
        long older = client().createSession("Older").id();
        post(client(), older, "old in another session");
        post("old news");

        RunningCommand watch = watch(cli, "--all");
        post(client(), older, "fresh");

        assertThat(watch.out().assertLine()).endsWith(": fresh");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void jsonLinesParseBackToTheMessagesPosted() {
        RunningCommand watch = watch(cli, id(), "--json");

        Message first = post("one");
        Message second = post("two");

        assertThat(parse(watch.out().assertLine(), Message.class)).isEqualTo(first);
        assertThat(parse(watch.out().assertLine(), Message.class)).isEqualTo(second);
        watch.interrupt();
    }

    @Test
    void sinceReplaysWhatCameAfterThatMessageFirst() {
        Message first = post("m1");
        post("m2");
        post("m3");

        RunningCommand watch = watch(cli, id(), "--since", Long.toString(first.id()), "--json");
        post("m4");

        assertThat(texts(watch, 3)).containsExactly("m2", "m3", "m4");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void allFollowsEverySessionIncludingOnesJoinedWhileWatching() {
        Cli bob = Cli.in(otherHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        long bobs = bob.apiClient(server.baseUri()).createSession("Bob's").id();
        RunningCommand watch = watch(cli, "--all");

        post("in mine");
        bob.apiClient(server.baseUri()).addMember(bobs, email);
        post(bob.apiClient(server.baseUri()), bobs, "in bob's");

        assertThat(watch.out().assertLine()).matches("#" + session + " " + TIME + email + ": in mine");
        assertThat(watch.out().assertLine()).matches("#" + bobs + " " + TIME + bobEmail + ": in bob's");
        watch.interrupt();
    }

    @Test
    void leavingTheSessionEndsTheWatchWithExitCodeFour() {
        Cli bob = Cli.in(otherHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        client().addMember(session, bobEmail);
        RunningCommand watch = watch(bob, id());

        Result left = bob.run("sessions", "leave", id());
        Result ended = watch.awaitExit();

        assertThat(left.exitCode()).as(left.toString()).isZero();
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(4);
        assertThat(ended.err()
                        .lines()
                        .filter(line -> line.startsWith("parley: "))
                        .toList())
                .singleElement()
                .asString()
                .isEqualTo("parley: the watch of session " + session
                        + " ended: you left or were removed from the session");
    }

    @Test
    void aDeletedSessionEndsTheWatchWithExitCodeFour() {
        RunningCommand watch = watch(cli, id());

        client().deleteSession(session);
        Result ended = watch.awaitExit();

        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(4);
        assertThat(ended.err())
                .contains("parley: the watch of session " + session + " ended: the session was deleted\n");
    }

    @Test
    void loggingOutEndsTheWatchWithExitCodeThreeSayingWhy() {
        RunningCommand watch = watch(cli, id());

        Result loggedOut = cli.run("logout");
        Result ended = watch.awaitExit();

        assertThat(loggedOut.exitCode()).as(loggedOut.toString()).isZero();
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(3);
        assertThat(ended.err()
                        .lines()
                        .filter(line -> line.startsWith("parley: "))
                        .toList())
                .singleElement()
                .asString()
                .startsWith("parley: not logged in to ")
                .contains("(this login was logged out)");
    }

    @Test
    void anotherUsersSessionIsNotFoundAtOnce() {
        Cli bob = Cli.in(otherHome, server.baseUri().toString());
        bob.newLogin(PASSWORD);

        Result watched = bob.run("watch", id());

        assertThat(watched.exitCode()).isEqualTo(4);
        assertThat(watched.err()).startsWith("parley: Not Found").hasLineCount(1);
    }

    @Test
    void aRejectedTokenExitsWithThree() {
        Result watched = cli.with("PARLEY_TOKEN", "not-a-token").run("watch", id());

        assertThat(watched.exitCode()).isEqualTo(3);
        assertThat(watched.err()).startsWith("parley: not logged in").hasLineCount(1);
    }

    @Test
    void aSessionOrAllIsRequiredButNotBoth() {
        Result neither = cli.run("watch");
        Result both = cli.run("watch", id(), "--all");

        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(neither.err()).hasLineCount(1);
    }

    private static List<String> texts(RunningCommand watch, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(parse(watch.out().assertLine(), Message.class).text());
        }
        return texts;
    }
}
