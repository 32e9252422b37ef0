package dev.parley.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** edit, delete and send --reply-to against the real server, and how history shows what they did. */
class EditDeleteReplyTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";
    private static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] ";

    @TempDir
    Path bobHome;

    @TempDir
    Path strangerHome;

    private String alice;
    private Cli bob;
    private String bobEmail;
    private long session;

    @BeforeEach
    void setUp() {
        alice = cli.newLogin(PASSWORD);
        bob = Cli.in(bobHome, server.baseUri().toString());
        bobEmail = bob.newLogin(PASSWORD);
        session = client().createSession("Plans").id();
        client().addMember(session, bobEmail);
    }

    @Test
    void editGivesTheMessageItsNewTextAndHistoryMarksItEdited() {
        Message posted = post("Leaving at nine");

        Result edited = cli.run("edit", id(), Long.toString(posted.id()), "Leaving", "at", "ten");
        Result json = cli.run("edit", id(), Long.toString(posted.id()), "Leaving at half past ten", "--json");
        Result history = cli.run("history", id());

        assertThat(edited.exitCode()).as(edited.toString()).isZero();
        assertThat(edited.out()).isEqualTo("Edited message " + posted.id() + " in session " + session + "\n");
        Message now = parse(json.out(), Message.class);
        assertThat(now.text()).isEqualTo("Leaving at half past ten");
        assertThat(now.editedAt()).isNotNull();
        assertThat(now.createdAt()).isEqualTo(posted.createdAt());
        assertThat(history.out()).matches(TIME + Pattern.quote(alice) + " \\(edited\\): Leaving at half past ten\n");
    }

    @Test
    void editReadsTheTextFromStandardInputWithADash() {
        Message posted = post("one line");

        Result edited = cli.runWithStdin("two\nlines\n", "edit", id(), Long.toString(posted.id()), "-");

        assertThat(edited.exitCode()).as(edited.toString()).isZero();
        assertThat(texts()).containsExactly("two\nlines");
    }

    @Test
    void onlyTheAuthorEditsAndAStrangerDoesNotEvenFindTheSession() {
        Message posted = post("mine");
        Cli stranger = Cli.in(strangerHome, server.baseUri().toString());
        stranger.newLogin(PASSWORD);

        Result byMember = bob.run("edit", id(), Long.toString(posted.id()), "hijacked");
        Result byStranger = stranger.run("edit", id(), Long.toString(posted.id()), "hijacked");
        Result noSuchMessage = cli.run("edit", id(), Long.toString(posted.id() + 1000), "x");

        assertThat(byMember.exitCode()).isEqualTo(1);
        assertThat(byMember.err()).startsWith("parley: Forbidden").hasLineCount(1);
        assertThat(byStranger.exitCode()).isEqualTo(4);
        assertThat(noSuchMessage.exitCode()).isEqualTo(4);
        assertThat(texts()).containsExactly("mine");
    }

    @Test
    void deleteWithYesLeavesATombstoneThatHistoryShowsWithoutText() {
        Message posted = post("oops, wrong chat");
        post("still here");

        Result deleted = cli.run("delete", id(), Long.toString(posted.id()), "--yes");
        Result json = cli.run("delete", id(), Long.toString(posted.id()), "--yes", "--json");
        Result history = cli.run("history", id());

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted message " + posted.id() + " in session " + session + "\n");
        assertThat(json.json().get("deleted").asBoolean()).isTrue();
        assertThat(json.json().get("id").asLong()).isEqualTo(posted.id());
        assertThat(json.json().get("session_id").asLong()).isEqualTo(session);
        assertThat(history.out())
                .matches(TIME + Pattern.quote(alice) + " \\(deleted\\)\n" + TIME + Pattern.quote(alice)
                        + ": still here\n")
                .doesNotContain("oops");
    }

    @Test
    void deleteWithoutATerminalAndWithoutYesIsRefusedAsAUsageError() {
        Message posted = post("keep me");

        Result refused = cli.run("delete", id(), Long.toString(posted.id()));

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("parley: no terminal to confirm the deletion on; pass --yes")
                .hasLineCount(1);
        assertThat(texts()).containsExactly("keep me");
    }

    @Test
    void onATerminalDeleteAsksShowingTheMessage() {
        Message posted = post("Think twice");
        List<String> prompts = new ArrayList<>();

        Result kept = cli.withTerminal(prompts, "n").run("delete", id(), Long.toString(posted.id()));
        Result deleted = cli.withTerminal("yes").run("delete", id(), Long.toString(posted.id()));

        assertThat(prompts).singleElement().asString().contains("#" + posted.id() + "] ", ": Think twice\n", "[y/N]");
        assertThat(kept.out()).isEqualTo("Kept message " + posted.id() + " in session " + session + "\n");
        assertThat(deleted.out()).startsWith("Deleted message " + posted.id());
        assertThat(page().messages().getFirst().deletedAt()).isNotNull();
    }

    @Test
    void theOwnerDeletesAMembersMessageButAMemberNotTheOwners() {
        Message bobs = post(bob, "from bob");
        Message alices = post("from alice");

        Result byOwner = cli.run("delete", id(), Long.toString(bobs.id()), "--yes");
        Result byMember = bob.run("delete", id(), Long.toString(alices.id()), "--yes");

        assertThat(byOwner.exitCode()).as(byOwner.toString()).isZero();
        assertThat(byMember.exitCode()).isEqualTo(1);
        assertThat(byMember.err()).startsWith("parley: Forbidden").hasLineCount(1);
        assertThat(texts()).containsExactly(null, "from alice");
    }

    @Test
    void aReplyShowsTheFirstLineOfWhatItAnswersInHistory() {
        Message question = post("Can you drive on Saturday?\nI can't.");

        Result replied = bob.run("send", id(), "--reply-to", Long.toString(question.id()), "Sure,", "9", "am");
        Result json = bob.run("send", id(), "--reply-to", Long.toString(question.id()), "--json", "Me too");
        Result history = cli.run("history", id());

        assertThat(replied.exitCode()).as(replied.toString()).isZero();
        assertThat(parse(json.out(), Message.class).replyTo()).isEqualTo(question.id());
        assertThat(history.out().lines().toList().get(2))
                .matches(TIME + Pattern.quote(bobEmail) + " \\(↪ " + Pattern.quote(alice)
                        + ": Can you drive on Saturday\\?\\): Sure, 9 am");
    }

    @Test
    void aReplyToAMessageBeyondThePageIsLookedUpAndOneToADeletedMessageSaysSo() {
        Message question = post("Who brings the map?");
        Message other = post("And the snacks?");
        post(bob, "Me", question.id());
        post(bob, "Me again", other.id());
        cli.run("delete", id(), Long.toString(other.id()), "--yes");

        Result history = cli.run("history", id(), "--limit", "2", "--ids");

        assertThat(history.out().lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .matches("\\[[-0-9: ]+ #\\d+\\] " + Pattern.quote(bobEmail) + " \\(↪ " + Pattern.quote(alice)
                        + ": Who brings the map\\?\\): Me");
        assertThat(history.out().lines().toList().get(1)).endsWith(" (↪ " + alice + ", deleted): Me again");
    }

    @Test
    void aReplyToAMessageOfAnotherSessionIsRefusedAndNotKept() {
        long other = client().createSession("Other").id();
        Message elsewhere =
                client().postMessage(other, "elsewhere", UUID.randomUUID().toString());

        Result refused = cli.run("send", id(), "--reply-to", Long.toString(elsewhere.id()), "hello");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("parley: ").contains("reply_to").hasLineCount(1);
        assertThat(texts()).isEmpty();
        assertThat(cli.run("outbox").out()).isEmpty();
    }

    @Test
    void historyWithIdsShowsEachMessagesId() {
        Message posted = post("with its id");

        Result history = cli.run("history", id(), "--ids");

        assertThat(history.out())
                .matches("\\[[-0-9: ]+ #" + posted.id() + "\\] " + Pattern.quote(alice) + ": with its id\n");
    }

    private Message post(String text) {
        return client().postMessage(session, text, UUID.randomUUID().toString());
    }

    private Message post(Cli as, String text) {
        return post(as, text, null);
    }

    private Message post(Cli as, String text, Long replyTo) {
        return as.apiClient(server.baseUri())
                .postMessage(session, text, replyTo, UUID.randomUUID().toString());
    }

    private MessagePage page() {
        return client().messages(session, null, null, null);
    }

    private List<String> texts() {
        return page().messages().stream().map(Message::text).toList();
    }

    private String id() {
        return Long.toString(session);
    }
}
